// The offline cache: the last known floor of a project (its rows, high-water marks and tombstone marks,
// the org and user it belongs to, when it was last confirmed current, and the last health), so a console
// opens on it within a second wherever the network is, labelled CACHED with its age. Written at most every
// `debounceMs` while the floor comes from the server, and on quit; atomically, through the storage port
// (durable.ts); schema-versioned with migrations; bounded, and marked incomplete when the bound dropped
// rows (the next session then reloads in full rather than trust marks that no longer cover everything).
import { createHash } from 'node:crypto'
import type { Clock, TimerHandle } from '../clock'
import type { LiveState } from '../live'
import { TABLE_NAMES, type AnyRow, type TableName } from '../../../shared/domain/tables'
import type { HealthState } from '../../../shared/health'
import { openOrKeepAside, writeStore, type JsonStore, type StoreFolder } from './durable'
import { CACHE_VERSION, migrateCache, type CachedFloor, type CachedTable } from './cache-format'

export type { CachedFloor } from './cache-format'

export interface CacheLimits {
  /** Calls kept: every call not finished, then the most recently changed finished ones. */
  calls: number
  /** Alerts kept: every one not resolved, then the most recently resolved. */
  alerts: number
  /** Per table for the rest (alert history, heartbeats…): the most recently changed rows. */
  perTable: number
}

export const DEFAULT_LIMITS: CacheLimits = { calls: 20_000, alerts: 2_000, perTable: 5_000 }

/** Whose floor the live state holds now; null while it is nothing worth keeping. */
export interface CacheContext {
  project: string
  orgId: string
  userId: string
  confirmedAt: number | null
  health: { state: HealthState; reason: string } | null
}

export interface OfflineCacheOptions {
  folder: StoreFolder
  clock: Clock
  /** Problems the user must see (a cache moved aside, a full disk). */
  notice(level: 'info' | 'warning' | 'error', message: string): void
  limits?: CacheLimits
  debounceMs?: number
}

const FINISHED_CALL = new Set(['completed', 'abandoned', 'failed'])
const byRecency = (a: AnyRow, b: AnyRow) => b.seq - a.seq

/** The rows of a table the cache keeps, and whether that is all of them. */
function bounded(
  table: TableName,
  rows: AnyRow[],
  limits: CacheLimits,
): { rows: AnyRow[]; complete: boolean } {
  const cap = table === 'calls' ? limits.calls : table === 'alerts' ? limits.alerts : limits.perTable
  if (rows.length <= cap) return { rows, complete: true }
  const keepFirst = (r: AnyRow) =>
    table === 'calls'
      ? !FINISHED_CALL.has((r as { status: string }).status)
      : table === 'alerts' && (r as { status: string }).status !== 'resolved'
  const first = rows.filter(keepFirst)
  const rest = rows.filter((r) => !keepFirst(r)).sort(byRecency)
  return { rows: [...first, ...rest].slice(0, cap), complete: false }
}

export function cacheName(project: string): string {
  return `cache-${createHash('sha256').update(project).digest('hex').slice(0, 16)}`
}

export class OfflineCache {
  private readonly limits: CacheLimits
  private readonly stores = new Map<string, JsonStore>()
  private timer: TimerHandle | undefined
  private dirty = false
  private failing = false
  private follows: { live: LiveState; context: () => CacheContext | null } | null = null

  constructor(private readonly o: OfflineCacheOptions) {
    this.limits = o.limits ?? DEFAULT_LIMITS
  }

  private store(project: string): JsonStore {
    const name = cacheName(project)
    let store = this.stores.get(name)
    if (!store) {
      store = openOrKeepAside(
        () => this.o.folder.open(name),
        this.o.folder.path(name),
        this.o.clock.now(),
        (why, aside) =>
          this.o.notice(
            'warning',
            `The offline cache could not be read (${why}); it was kept as ${aside} and the console started without it.`,
          ),
      )
      this.stores.set(name, store)
    }
    return store
  }

  /** The cached floor of a project, or null: none, or unusable (kept aside, with a notice). */
  load(project: string): CachedFloor | null {
    const store = this.store(project)
    const raw = store.store
    if (Object.keys(raw).length === 0) return null
    const migrated = migrateCache(raw)
    if ('error' in migrated) {
      this.o.notice('warning', `The offline cache was not used: ${migrated.error}.`)
      return null
    }
    return migrated.project === project ? migrated : null
  }

  /** Fills the live state from a cached floor: one snapshot frame, labelled as the cache. */
  restore(live: LiveState, floor: CachedFloor): void {
    live.replace('cache', () => {
      for (const table of TABLE_NAMES) {
        const t = floor.tables[table]
        if (!t) continue
        for (const row of t.rows) {
          const parsed = live.parse({ type: 'upsert', table, row })
          if (parsed) live.applyOne(parsed)
        }
        live.advance(table, t.hwm, t.tombstoneHwm)
      }
    })
  }

  /** Keeps the live state's floor on disk while `context()` says whose it is. */
  follow(live: LiveState, context: () => CacheContext | null): () => void {
    this.follows = { live, context }
    const off = live.subscribe(() => this.changed())
    return () => {
      off()
      this.follows = null
    }
  }

  /** Something changed: write within `debounceMs`, at most that often. */
  changed(): void {
    this.dirty = true
    if (this.timer === undefined) {
      this.timer = this.o.clock.setTimeout(() => this.flush(), this.o.debounceMs ?? 2_000)
    }
  }

  /** Writes now if anything changed (the timer, and on quit). */
  flush(): void {
    this.o.clock.clearTimeout(this.timer)
    this.timer = undefined
    const f = this.follows
    if (!this.dirty || !f) return
    const ctx = f.context()
    // Only a floor that came from the server is worth keeping; the cache never rewrites itself.
    if (!ctx || f.live.source !== 'server') return
    this.dirty = false
    const outcome = writeStore(
      this.store(ctx.project),
      this.snapshot(f.live, ctx) as unknown as Record<string, unknown>,
    )
    if (outcome.ok) {
      if (this.failing) this.o.notice('info', 'The offline cache is being saved again.')
      this.failing = false
      return
    }
    // Tried again on the next tick of the debounce, changes or not: a quiet floor must still get saved.
    this.changed()
    if (this.failing) return // said once per run of failures
    this.failing = true
    this.o.notice(
      'error',
      outcome.diskFull
        ? 'Disk full: the offline cache could not be saved; the previous copy is kept.'
        : `The offline cache could not be saved (${outcome.message}); the previous copy is kept.`,
    )
  }

  /** Forgets a project's cached floor (sign-out: the next start must not show it). */
  forget(project: string): void {
    writeStore(this.store(project), {})
  }

  private snapshot(live: LiveState, ctx: CacheContext): CachedFloor {
    let complete = true
    const tables: Partial<Record<TableName, CachedTable>> = {}
    for (const table of TABLE_NAMES) {
      const kept = bounded(table, [...live.table(table).values()], this.limits)
      complete &&= kept.complete
      tables[table] = { rows: kept.rows, hwm: live.hwm(table), tombstoneHwm: live.tombstoneHwm(table) }
    }
    return {
      version: CACHE_VERSION,
      savedAt: this.o.clock.now(),
      confirmedAt: ctx.confirmedAt,
      project: ctx.project,
      orgId: ctx.orgId,
      userId: ctx.userId,
      complete,
      tables,
      health: ctx.health,
    }
  }
}
