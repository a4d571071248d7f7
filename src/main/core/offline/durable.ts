// The one storage port of what the console keeps on disk (settings, the offline cache, the outbox): a
// JSON store whose `store` setter writes the whole file atomically (temporary file, fsync, rename), as
// electron-store does in Electron and `conf` (the library it is built on) does under Node. What this file
// adds is the same everywhere: a file that cannot be read is moved aside and reported, never silently
// cleared; a write that fails (a full disk) is reported and leaves the previous file as it was.
import { existsSync, renameSync } from 'node:fs'

/** What the console needs of electron-store / conf. */
export interface JsonStore {
  readonly path: string
  /** Reading parses the file; assigning writes the whole file atomically. */
  store: Record<string, unknown>
}

/** Opens named stores in one folder: the Electron user-data folder, or the headless console's. */
export interface StoreFolder {
  /** The file a store of this name lives in (known before it is opened, to keep it aside). */
  path(name: string): string
  /** Opens (creating) the store; throws when its file is not valid JSON. */
  open(name: string): JsonStore
}

export function asidePath(path: string, label: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-')
  return `${path.replace(/\.json$/, '')}.${label}-${stamp}.json`
}

/**
 * Opens a store; one whose file cannot be read is moved aside (`<name>.corrupt-<time>.json`), `report` is
 * told where, and a fresh store is opened in its place.
 */
export function openOrKeepAside(
  open: () => JsonStore,
  path: string,
  now: number,
  report: (problem: string, aside: string) => void,
): JsonStore {
  try {
    return open()
  } catch (err) {
    if (!existsSync(path)) throw err
    const aside = asidePath(path, 'corrupt', now)
    renameSync(path, aside)
    report(err instanceof Error ? err.message : String(err), aside)
    return open()
  }
}

export type WriteOutcome = { ok: true } | { ok: false; diskFull: boolean; message: string }

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT'])

/** Writes the whole store; never throws: a failure (a full disk above all) is an outcome to report. */
export function writeStore(store: JsonStore, value: Record<string, unknown>): WriteOutcome {
  try {
    store.store = value
    return { ok: true }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? ''
    const message = err instanceof Error ? err.message : String(err)
    return { ok: false, diskFull: DISK_FULL.has(code), message }
  }
}

/** An in-memory folder (ephemeral consoles, tests): the same contract, nothing on disk. */
export function memoryFolder(): StoreFolder {
  const files = new Map<string, string>()
  return {
    path: (name) => `memory:${name}.json`,
    open: (name) => {
      const path = `memory:${name}.json`
      const text = files.get(path)
      const parsed: unknown = text === undefined ? {} : JSON.parse(text)
      let value = parsed as Record<string, unknown>
      return {
        path,
        get store() {
          return value
        },
        set store(next) {
          files.set(path, JSON.stringify(next))
          value = JSON.parse(files.get(path)!) as Record<string, unknown>
        },
      }
    },
  }
}
