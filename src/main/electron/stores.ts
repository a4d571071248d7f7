// electron-store files in the user-data folder, opened for the repositories (settings, session). A file
// that is not valid JSON is reported by a throw, never silently cleared: the repositories keep it aside.
import Store from 'electron-store'
import { join } from 'node:path'
import type { StoreFolder } from '../core/offline/durable'
import { fileFolder } from '../core/offline/file-folder'
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

/** The console's offline cache and outbox: electron-store files in `<userData>/console`, private to the user. */
export function consoleFolder(userData: string): StoreFolder {
  return fileFolder(
    join(userData, 'console'),
    (options) => new Store<Record<string, unknown>>(options) as unknown as JsonStore,
  )
}
