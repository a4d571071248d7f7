// A folder of JSON stores on disk: what the storage port (durable.ts) is in a real console. The store
// itself comes from `conf` under Node (the headless console) and from electron-store in Electron (built on
// conf, same options); both write a file whole through `atomically` (temporary file, fsync, rename). What
// is decided here, once for both: the folder is the user's only (0700), each file too (0600), a file that
// does not parse throws instead of being cleared, and the files are compact JSON (a cache of 10,000 calls
// is megabytes; indentation would add a third), and a write that did not write everything (see guarded())
// is undone rather than trusted.
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
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
      purgeTemporaries(dir, `${name}.json.tmp-`)
      recoverPrevious(join(dir, `${name}.json`))
      const store = guarded(make, storeOptions(dir, name))
      // A file written by an older version with looser rights is tightened on open.
      if (existsSync(store.path)) chmodSync(store.path, 0o600)
      return store
    },
  }
}

export function confStore(options: StoreOptions): JsonStore {
  return new Conf<Record<string, unknown>>(options) as unknown as JsonStore
}

/** Temporary files of writes a killed process never finished (they are never the file itself). */
function purgeTemporaries(dir: string, prefix: string): void {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(prefix)) rmSync(join(dir, entry), { force: true })
  }
}

/**
 * A process killed between a short write and putting the previous file back leaves both: the previous one
 * wins when the file itself does not parse.
 */
function recoverPrevious(path: string): void {
  const previous = `${path}.previous`
  if (!existsSync(previous)) return
  try {
    JSON.parse(readFileSync(path, 'utf8'))
    rmSync(previous, { force: true })
  } catch {
    renameSync(previous, path)
  }
}

/**
 * The write conf makes (through `atomically`) ignores a short write: on a nearly full disk, `writeSync`
 * writes what fits and returns, and the truncated temporary file is renamed over the good one. So each
 * write is checked: the previous file is kept by a hard link while the new one is written, and a file that
 * is not as long as what was serialised is replaced by the previous one, and reported as a full disk.
 */
function guarded(make: StoreFactory, options: StoreOptions): JsonStore {
  let serialized = -1
  const inner = make({
    ...options,
    serialize: (value) => {
      const text = options.serialize(value)
      serialized = Buffer.byteLength(text)
      return text
    },
  })
  return {
    get path() {
      return inner.path
    },
    get store() {
      return inner.store
    },
    set store(value) {
      const previous = `${inner.path}.previous`
      const had = existsSync(inner.path)
      rmSync(previous, { force: true })
      if (had) linkSync(inner.path, previous)
      try {
        inner.store = value
        const size = statSync(inner.path).size
        if (size !== serialized) {
          throw Object.assign(
            new Error(`ENOSPC: ${inner.path} was written short (${size} of ${serialized} bytes)`),
            { code: 'ENOSPC' },
          )
        }
      } catch (err) {
        if (had) renameSync(previous, inner.path)
        throw err
      } finally {
        rmSync(previous, { force: true })
      }
    },
  }
}
