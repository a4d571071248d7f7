// The data side of a resync. Supabase has no replay, and SUBSCRIBED comes before changes are known to
// flow, so while a session is not live its live events are buffered; a catch-up result (a full snapshot or
// the rows and tombstones since the marks) is then merged with the buffer, deduplicated by
// (table, id, seq), and the merger goes back to applying events as they come. When to buffer, what to ask
// for and which result is current are the session machine's decisions (src/main/core/session/machine.ts).
import type { Clock } from '../clock'
import type { TableName } from '../../../shared/domain/tables'
import type { LiveChange, LiveState, ParsedChange } from './live-state'
import { GapReport } from './gap-report'
import { coveredDeletes } from './merge'

export interface CatchUpRequest {
  /** Identifies the request; the machine ignores results for an older one. */
  attempt: number
  /** Full snapshot: read every row; otherwise rows with seq > sinceSeq and tombstones. */
  full: boolean
  tables: { table: TableName; sinceSeq: number; tombstonesSinceSeq: number }[]
}

export interface CatchUpResult {
  rows: Partial<Record<TableName, readonly unknown[]>>
  tombstones: readonly unknown[]
  /**
   * Full snapshots: a seq the snapshot is complete to, read before its rows (the newest row read counts
   * too, whichever is higher).
   */
  snapshotHwm?: Partial<Record<TableName, number>>
  /** Full snapshots: the latest tombstone seq per table, so later catch-ups start from it. */
  tombstoneHwm?: Partial<Record<TableName, number>>
  /**
   * Incremental catch-ups: tables whose tombstones were pruned past what this console knows. Deletes
   * behind that horizon can no longer be seen, so nothing was read and a full snapshot must follow.
   */
  horizonCrossed?: TableName[]
  /** Whether the project publishes its tombstone horizon at all (public.tombstone_horizons). */
  horizonPublished?: boolean
}

/** Beyond this many buffered events the buffer is dropped and the catch-up asked again (see `receive`). */
export const MAX_BUFFERED = 100_000

export class Merger {
  private buffering = true
  private buffer: ParsedChange[] = []
  readonly gaps: GapReport

  constructor(
    private readonly live: LiveState,
    readonly tables: readonly TableName[],
    private readonly clock: Clock,
    private readonly maxBuffered = MAX_BUFFERED,
  ) {
    this.gaps = new GapReport(tables)
  }

  /** Live events buffered until the next merge. */
  get buffered(): number {
    return this.buffer.length
  }

  get applying(): boolean {
    return !this.buffering
  }

  /** Hold live events from now on (the session is no longer live). Events already buffered are kept. */
  hold(): void {
    this.buffering = true
  }

  /** Drops what is buffered (the session ended; its events belong to a floor that is gone). */
  clear(): void {
    this.buffer = []
    this.buffering = true
  }

  /**
   * A live change: applied at once while live, else buffered. Returns false when the buffer overflowed
   * and was dropped: those events are committed changes the running catch-up may have read past, so the
   * caller must ask for a new catch-up (which reads them from the database instead).
   */
  receive(change: LiveChange): boolean {
    const parsed = this.live.parse(change)
    if (!parsed) return true
    if (!this.buffering) {
      this.live.applyOne(parsed)
      return true
    }
    this.buffer.push(parsed)
    if (this.buffer.length <= this.maxBuffered) return true
    this.buffer = []
    return false
  }

  /** What to read for a catch-up, from the live state's marks. */
  request(attempt: number, full: boolean): CatchUpRequest {
    return {
      attempt,
      full,
      tables: this.tables.map((table) => ({
        table,
        sinceSeq: full ? 0 : this.live.hwm(table),
        tombstonesSinceSeq: this.live.tombstoneHwm(table),
      })),
    }
  }

  /**
   * Merges a catch-up result and the buffered events, then applies live events as they come. A full
   * snapshot replaces the state (subscribers re-read it whole); an incremental one is one resync frame.
   */
  merge(request: CatchUpRequest, result: CatchUpResult, gapMs?: number): void {
    const caughtUp = this.parseResult(result)
    if (request.full) {
      this.live.replace('server', () => {
        this.applySnapshot(caughtUp, result)
        this.mergeBuffer(caughtUp)
      })
    } else {
      this.live.resync(
        () => {
          this.applyIncremental(caughtUp)
          this.mergeBuffer(caughtUp)
        },
        'server',
        gapMs,
      )
    }
    this.gaps.finish(request.full, this.clock.now())
    this.buffer = []
    this.buffering = false
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
  private applySnapshot(changes: ParsedChange[], result: CatchUpResult): void {
    const byTable = new Map<TableName, ParsedChange[]>()
    for (const c of changes) {
      if (c.type !== 'upsert') continue
      const list = byTable.get(c.table) ?? []
      list.push(c)
      byTable.set(c.table, list)
    }
    for (const table of this.tables) {
      const rows = byTable.get(table) ?? []
      // Complete as of the mark read before the rows, or of its newest row if later: a held row not in
      // the snapshot at or below that was deleted (or is no longer visible); a newer one came live after.
      const hwm = Math.max(result.snapshotHwm?.[table] ?? 0, ...rows.map((r) => r.seq ?? 0))
      this.gaps.record(table, this.live.replaceTable(table, rows, hwm).length)
      this.live.advance(table, 0, result.tombstoneHwm?.[table])
    }
    for (const c of changes) if (c.type === 'remove') this.live.applyOne(c)
  }

  /** Catch-up changes that altered the state and that no buffered live event also carried were missed. */
  private applyIncremental(changes: ParsedChange[]): void {
    const liveLatest = new Map<string, number>()
    for (const b of this.buffer) {
      const k = entityKey(b)
      liveLatest.set(k, Math.max(liveLatest.get(k) ?? -1, b.seq ?? Infinity))
    }
    for (const c of changes) {
      const delta = this.live.applyOne(c)
      const seenLive = (liveLatest.get(entityKey(c)) ?? -1) >= (c.seq ?? Infinity)
      if (delta && !seenLive) this.gaps.record(c.table, 1)
    }
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
}

const entityKey = (c: ParsedChange): string => `${c.table}\u0000${c.id}`
const changeKey = (c: ParsedChange): string => `${c.table}\u0000${c.id}\u0000${c.seq}`
