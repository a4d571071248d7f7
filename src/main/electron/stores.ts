// electron-store files in the user-data folder, opened for the repositories (settings, session). A file
// that is not valid JSON is reported by a throw, never silently cleared: the repositories keep it aside.
import Store from 'electron-store'
import { join } from 'node:path'
import type { JsonStore } from './settings-repository'

export function openJsonStore(name: string): JsonStore {
  return new Store<Record<string, unknown>>({
    name,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  })
}

export function jsonStorePath(userData: string, name: string): string {
  return join(userData, `${name}.json`)
}
