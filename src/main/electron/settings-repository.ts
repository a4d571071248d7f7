// The settings repository: typed reads, debounced writes, migrations on open, and no data lost to a bad
// file. A file that cannot be parsed, comes from a newer version, or has fields that fail the schema is
// first copied aside next to the original, and the problem is reported, before anything is rewritten.
import { copyFileSync, existsSync } from 'node:fs'
import type { Clock, TimerHandle } from '../core/clock'
import { asidePath, openOrKeepAside, type JsonStore } from '../core/offline/durable'
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  migrate,
  parseSettings,
  type DesktopSettings,
} from './settings-schema'

export type { JsonStore }

export interface SettingsRepositoryOptions {
  /** Opens the store; throws (SyntaxError) when the file is not valid JSON. */
  open(): JsonStore
  /** The file open() reads, to keep it aside when it cannot be opened. */
  path: string
  clock: Clock
  report(problem: string): void
  debounceMs?: number
}

export type SettingsChange = Partial<Omit<DesktopSettings, 'version'>>

export interface SettingsRepository {
  readonly path: string
  get(): DesktopSettings
  /** Applies a change now; the file is written once the changes settle (or on flush). */
  update(change: SettingsChange): void
  flush(): void
}

function openOrRecover(o: SettingsRepositoryOptions): JsonStore {
  return openOrKeepAside(o.open, o.path, o.clock.now(), (why, aside) =>
    o.report(`The settings file could not be read (${why}). It was kept as ${aside}; defaults are in use.`),
  )
}

function load(o: SettingsRepositoryOptions, store: JsonStore): { settings: DesktopSettings; dirty: boolean } {
  const raw = store.store
  const keep = (label: string) => {
    const aside = asidePath(store.path, label, o.clock.now())
    if (existsSync(store.path)) copyFileSync(store.path, aside)
    return aside
  }
  if (Object.keys(raw).length === 0) return { settings: structuredClone(DEFAULT_SETTINGS), dirty: false }
  const version = typeof raw.version === 'number' ? raw.version : 1
  if (version > SETTINGS_VERSION) {
    o.report(`The settings file was written by a newer Floorwatch; a copy was kept as ${keep('newer')}.`)
    return { settings: parseSettings(raw).settings, dirty: false }
  }
  let data: Record<string, unknown>
  try {
    data = migrate(raw).data
  } catch (err) {
    o.report(`The settings could not be migrated (${String(err)}); kept as ${keep('unmigrated')}.`)
    return { settings: structuredClone(DEFAULT_SETTINGS), dirty: true }
  }
  if (version < SETTINGS_VERSION) keep(`v${version}`)
  const { settings, problems } = parseSettings(data)
  if (problems.length > 0) o.report(`${problems.join('; ')}. The original was kept as ${keep('invalid')}.`)
  return { settings, dirty: version < SETTINGS_VERSION || problems.length > 0 }
}

export function openSettingsRepository(o: SettingsRepositoryOptions): SettingsRepository {
  const store = openOrRecover(o)
  const loaded = load(o, store)
  let current = loaded.settings
  let timer: TimerHandle | undefined
  const write = () => {
    o.clock.clearTimeout(timer)
    timer = undefined
    store.store = structuredClone(current) as unknown as Record<string, unknown>
  }
  if (loaded.dirty) write()
  return {
    path: store.path,
    get: () => current,
    update(change) {
      current = { ...current, ...change, version: SETTINGS_VERSION }
      if (timer === undefined) timer = o.clock.setTimeout(write, o.debounceMs ?? 500)
    },
    flush() {
      if (timer !== undefined) write()
    },
  }
}
