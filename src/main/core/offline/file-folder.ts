// A folder of JSON stores on disk: what the storage port (durable.ts) is in a real console. The store
// itself comes from `conf` under Node (the headless console) and from electron-store in Electron (built on
// conf, same options); both write a file whole through `atomically` (temporary file, fsync, rename). What
// is decided here, once for both: the folder is the user's only (0700), each file too (0600), a file that
// does not parse throws instead of being cleared, and the files are compact JSON (a cache of 10,000 calls
// is megabytes; indentation would add a third).
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Conf from 'conf'
import type { JsonStore, StoreFolder } from './durable'

/** The options electron-store and conf share; a store factory takes them as they are. */
export interface StoreOptions {
  cwd: string
  configName: string
  name: string
  configFileMode: number
  clearInvalidConfig: false
  accessPropertiesByDotNotation: false
  serialize: (value: unknown) => string
  watch: false
}

export type StoreFactory = (options: StoreOptions) => JsonStore

export function storeOptions(dir: string, name: string): StoreOptions {
  return {
    cwd: dir,
    // conf names the file by configName, electron-store by name: both, so either factory fits.
    configName: name,
    name,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    serialize: (value) => JSON.stringify(value),
    watch: false,
  }
}

/** Stores in `dir`, made by `make` (conf by default); the folder is created private, or made so. */
export function fileFolder(dir: string, make: StoreFactory = confStore): StoreFolder {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  chmodSync(dir, 0o700)
  return {
    path: (name) => join(dir, `${name}.json`),
    open: (name) => {
      const store = make(storeOptions(dir, name))
      // A file written by an older version with looser rights is tightened on open.
      if (existsSync(store.path)) chmodSync(store.path, 0o600)
      return store
    },
  }
}

export function confStore(options: StoreOptions): JsonStore {
  return new Conf<Record<string, unknown>>(options) as unknown as JsonStore
}
