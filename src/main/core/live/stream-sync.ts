// The resync protocol for one stream (a channel and its tables). Supabase has no replay, and SUBSCRIBED
// can come before changes flow, so a stream is LIVE only after:
//   idle → subscribing → (SUBSCRIBED + "Subscribed to PostgreSQL") → catching-up → merge → live
// Live events that arrive while subscribing or catching up are buffered, then merged after the catch-up
// results, deduplicated by (table, id, seq). The first catch-up of a stream is a full snapshot.
import type { Clock } from '../clock'
import type { TableName } from '../../../shared/domain/tables'
import type { LiveChange, LiveState, ParsedChange } from './live-state'
import { GapReport } from './gap-report'
import { coveredDeletes } from './merge'

export type SyncState = 'idle' | 'subscribing' | 'catching-up' | 'live'

export interface CatchUpRequest {
  /** Identifies the request; a result for an older one (the channel dropped meanwhile) is ignored. */
  attempt: number
  /** Full snapshot: read every row (first connect); otherwise rows with seq > sinceSeq and tombstones. */
  full: boolean
  tables: { table: TableName; sinceSeq: number; tombstonesSinceSeq: number }[]
}

export interface CatchUpResult {
  rows: Partial<Record<TableName, readonly unknown[]>>
  tombstones: readonly unknown[]
  /** Full snapshots: the seq each table's snapshot is complete to (default: its highest row seq). */
  snapshotHwm?: Partial<Record<TableName, number>>
  /**
   * Full snapshots need no tombstone history (absent rows are removed anyway): the feed may pass only
   * the latest tombstone seq per table here, so later catch-ups start from it.
   */
  tombstoneHwm?: Partial<Record<TableName, number>>
}

export interface StreamSyncOptions {
  /** Wait for the postgres_changes system confirmation (off for broadcast-from-database streams). */
  requireConfirmation?: boolean
  onStateChange?: (state: SyncState) => void
}

export class StreamSync {
  private current: SyncState = 'idle'
  private isSubscribed = false
  private isConfirmed = false
  private attempt = 0
  private pending: CatchUpRequest | null = null
  private buffer: ParsedChange[] = []
  private forceFull = true
  readonly gaps: GapReport

  constructor(
    private readonly live: LiveState,
    readonly tables: readonly TableName[],
    private readonly clock: Clock,
    private readonly options: StreamSyncOptions = {},
  ) {
    this.gaps = new GapReport(tables)
  }

  get state(): SyncState {
    return this.current
  }

  /** Live events held until the catch-up is merged. */
  get buffered(): number {
    return this.buffer.length
  }

  /** The channel is being (re)joined. Events already buffered are kept: they are committed changes. */
  subscribe(): void {
    this.isSubscribed = false
    this.isConfirmed = false
    this.pending = null
    this.transition('subscribing')
  }

  /** SUBSCRIBED. While live this means a silent rejoin happened: resync. */
  subscribed(): CatchUpRequest | null {
    if (this.current === 'idle') return null
    if (this.current === 'live' || this.current === 'catching-up') this.subscribe()
    this.isSubscribed = true
    return this.maybeCatchUp()
  }

  /** The `system` "Subscribed to PostgreSQL" message. Re-sent after token refreshes: ignored when live. */
  confirmed(): CatchUpRequest | null {
    if (this.current !== 'subscribing') return null
    this.isConfirmed = true
    return this.maybeCatchUp()
  }

  /** The channel or socket went away (CLOSED, CHANNEL_ERROR, TIMED_OUT): wait for the next SUBSCRIBED. */
  lost(): void {
    if (this.current !== 'idle') this.subscribe()
  }

  unsubscribe(): void {
    this.buffer = []
    this.pending = null
    this.transition('idle')
  }

  /** The next catch-up will be a full snapshot (e.g. after an absence longer than tombstones are kept). */
  requireFullSnapshot(): void {
    this.forceFull = true
  }

  receive(change: LiveChange): void {
    if (this.current === 'idle') return
    const parsed = this.live.parse(change)
    if (!parsed) return
    if (this.current === 'live') this.live.applyOne(parsed)
    else this.buffer.push(parsed)
  }

  /** The catch-up failed (REST error): a fresh request to retry with, or null if no longer catching up. */
  failed(request: CatchUpRequest): CatchUpRequest | null {
    if (this.current !== 'catching-up' || request.attempt !== this.pending?.attempt) return null
    return this.issue()
  }

  /** Merges the catch-up and the buffered events and goes live. False for a stale request. */
  complete(request: CatchUpRequest, result: CatchUpResult): boolean {
    if (this.current !== 'catching-up' || request.attempt !== this.pending?.attempt) return false
    const caughtUp = this.parseResult(result)
    this.live.batch(() => {
      const applied = request.full ? this.applySnapshot(caughtUp, result) : this.applyIncremental(caughtUp)
      this.mergeBuffer(applied)
    })
    this.gaps.finish(request.full, this.clock.now())
    this.buffer = []
    this.pending = null
    this.forceFull = false
    this.transition('live')
    return true
  }

  private maybeCatchUp(): CatchUpRequest | null {
    const confirmed = this.isConfirmed || this.options.requireConfirmation === false
    if (this.current !== 'subscribing' || !this.isSubscribed || !confirmed) return null
    this.transition('catching-up')
    return this.issue()
  }

  private issue(): CatchUpRequest {
    const full = this.forceFull
    this.pending = {
      attempt: ++this.attempt,
      full,
      tables: this.tables.map((table) => ({
        table,
        sinceSeq: full ? 0 : this.live.hwm(table),
        tombstonesSinceSeq: this.live.tombstoneHwm(table),
      })),
    }
    return this.pending
  }

  private parseResult(result: CatchUpResult): ParsedChange[] {
    const out: ParsedChange[] = []
    for (const table of this.tables) {
      for (const row of result.rows[table] ?? []) {
        const p = this.live.parse({ type: 'upsert', table, row })
        if (p) out.push(p)
      }
    }
    for (const row of result.tombstones) {
      const p = this.live.parse({ type: 'tombstone', row })
      if (p) out.push(p)
    }
    return out
  }

  /** Full snapshot: each table is replaced; what it loads or removes is counted, not "missed". */
  private applySnapshot(changes: ParsedChange[], result: CatchUpResult): ParsedChange[] {
    for (const table of this.tables) {
      const rows = changes.filter((c) => c.table === table && c.type === 'upsert')
      const hwm = result.snapshotHwm?.[table] ?? rows.reduce((m, r) => Math.max(m, r.seq ?? 0), 0)
      this.gaps.record(table, this.live.replaceTable(table, rows, hwm).length)
      this.live.advance(table, 0, result.tombstoneHwm?.[table])
    }
    for (const c of changes) if (c.type === 'remove') this.live.applyOne(c)
    return changes
  }

  /** Catch-up changes that altered the state and that no buffered live event also carried were missed. */
  private applyIncremental(changes: ParsedChange[]): ParsedChange[] {
    const liveLatest = new Map<string, number>()
    for (const b of this.buffer) {
      const k = `${b.table}\u0000${b.id}`
      liveLatest.set(k, Math.max(liveLatest.get(k) ?? -1, b.seq ?? Infinity))
    }
    for (const c of changes) {
      const delta = this.live.applyOne(c)
      const seenLive = (liveLatest.get(`${c.table}\u0000${c.id}`) ?? -1) >= (c.seq ?? Infinity)
      if (delta && !seenLive) this.gaps.record(c.table, 1)
    }
    return changes
  }

  /**
   * Buffered events after the catch-up, in commit order. Versions the catch-up already applied are
   * dropped by (table, id, seq); seq-less deletes it already reflects are dropped by coveredDeletes.
   */
  private mergeBuffer(caughtUp: ParsedChange[]): void {
    const seen = new Set(caughtUp.filter((c) => c.seq !== undefined).map(changeKey))
    const covered = coveredDeletes(this.buffer, caughtUp)
    this.buffer.forEach((change, i) => {
      this.gaps.buffered(change.table)
      const key = change.seq === undefined ? null : changeKey(change)
      if (covered.has(i) || (key !== null && seen.has(key))) {
        this.gaps.duplicate(change.table)
        return
      }
      if (key !== null) seen.add(key)
      this.live.applyOne(change)
    })
  }

  private transition(next: SyncState): void {
    if (next === this.current) return
    this.current = next
    this.options.onStateChange?.(next)
  }
}

function changeKey(c: ParsedChange): string {
  return `${c.table}\u0000${c.id}\u0000${c.seq}`
}
