// The normalised picture of the floor: every streamed table by id, with its high-water marks. Changes
// arrive raw (from Realtime or REST), are validated here, and leave as typed events to subscribers: live
// news, a resync frame (what a catch-up found), or "the whole state was replaced" (a snapshot, a reset).
// The state belongs to the console and outlives its sessions; `source` says what the rows are.
import type { DataSource, Delta } from '../../../shared/domain/delta'
import { describe, isPlainObject, uuid } from '../../../shared/domain/validate'
import { isTableName, parseRow, parseTombstone, TABLE_NAMES } from '../../../shared/domain/tables'
import type { AnyRow, RowByTable, TableName } from '../../../shared/domain/tables'
import { TableStore } from './table-store'

/** A change as the feed hands it over, before validation. */
export type LiveChange =
  /** INSERT/UPDATE `record`, or a row from a snapshot or catch-up page. */
  | { type: 'upsert'; table: string; row: unknown }
  /** A live DELETE: `old_record` (only the primary key when RLS is on). */
  | { type: 'delete'; table: string; oldRecord: unknown }
  /** A row of public.tombstones from catch-up. */
  | { type: 'tombstone'; row: unknown }

/** A validated change. `seq` is absent only on live deletes. */
export type ParsedChange =
  | { type: 'upsert'; table: TableName; id: string; seq: number; row: AnyRow }
  | { type: 'remove'; table: TableName; id: string; seq?: number; tombstone?: boolean }

/** What subscribers hear. A snapshot carries no deltas: a subscriber re-reads the whole state. */
export type LiveEvent =
  | { kind: 'live'; deltas: readonly Delta[] }
  /** `source` is what the rows are after it (a cached floor caught up is the server's from then on). */
  /** `gapMs`: how long the floor had not been confirmed when the catch-up closed the gap, if known. */
  | { kind: 'resync'; deltas: readonly Delta[]; source: DataSource; gapMs?: number }
  | { kind: 'snapshot'; source: DataSource }

export type LiveListener = (event: LiveEvent) => void

export interface MalformedCount {
  count: number
  lastError: string
}

/** Malformed input is counted under its table; these keys cover what has no table of its own. */
export const TOMBSTONES_KEY = 'tombstones'
export const UNKNOWN_TABLE_KEY = '(unknown table)'

export class LiveState {
  private readonly tables = new Map<TableName, TableStore>()
  private readonly listeners = new Set<LiveListener>()
  private readonly malformedByTable = new Map<string, MalformedCount>()
  private gapMs: number | undefined
  private collecting: { kind: 'live' | 'resync' | 'snapshot'; deltas: Delta[] } | null = null
  private listenerErrorCount = 0
  private currentSource: DataSource = 'none'

  constructor(maxBlocksPerTable?: number) {
    for (const t of TABLE_NAMES) this.tables.set(t, new TableStore(maxBlocksPerTable))
  }

  table<T extends TableName>(name: T): ReadonlyMap<string, RowByTable[T]> {
    return this.store(name).rows as unknown as ReadonlyMap<string, RowByTable[T]>
  }

  get<T extends TableName>(name: T, id: string): RowByTable[T] | undefined {
    return this.table(name).get(id)
  }

  hwm(name: TableName): number {
    return this.store(name).hwm
  }

  tombstoneHwm(name: TableName): number {
    return this.store(name).tombstoneHwm
  }

  /** Raises a table's marks (a snapshot complete to `hwm`, tombstones known up to `tombstoneHwm`). */
  advance(name: TableName, hwm: number, tombstoneHwm?: number): void {
    this.store(name).advance(hwm, tombstoneHwm)
  }

  /** Malformed rows seen per table, with the last reason, for the health panel and logs. */
  malformed(): Record<string, MalformedCount> {
    return Object.fromEntries([...this.malformedByTable].map(([k, v]) => [k, { ...v }]))
  }

  get listenerErrors(): number {
    return this.listenerErrorCount
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** What the rows are: nothing yet, the offline cache, or the server. */
  get source(): DataSource {
    return this.currentSource
  }

  /** Every row as an upsert: what a new view needs before it can follow deltas. */
  snapshot(): Delta[] {
    const out: Delta[] = []
    for (const [table, store] of this.tables) {
      for (const [id, row] of store.rows) out.push({ kind: 'upsert', table, id, row } as Delta)
    }
    return out
  }

  /** Validates a raw change; malformed ones are counted and yield null. */
  parse(change: LiveChange): ParsedChange | null {
    if (change.type === 'tombstone') {
      const t = parseTombstone(change.row)
      if (!t.ok) return this.reject(TOMBSTONES_KEY, t.error)
      const { table_name: table, row_id: id, seq } = t.value
      return { type: 'remove', table, id, seq, tombstone: true }
    }
    if (!isTableName(change.table)) {
      return this.reject(UNKNOWN_TABLE_KEY, `unknown table ${describe(change.table)}`)
    }
    if (change.type === 'delete') {
      const id = isPlainObject(change.oldRecord) ? uuid(change.oldRecord.id) : null
      if (!id?.ok) return this.reject(change.table, `${change.table}: delete without a valid id`)
      return { type: 'remove', table: change.table, id: id.value }
    }
    const row = parseRow(change.table, change.row)
    if (!row.ok) return this.reject(change.table, row.error)
    return { type: 'upsert', table: change.table, id: row.value.id, seq: row.value.seq, row: row.value }
  }

  /** Applies raw changes in order; returns (and emits) the deltas they caused. */
  apply(changes: Iterable<LiveChange>): Delta[] {
    const parsed: ParsedChange[] = []
    for (const c of changes) {
      const p = this.parse(c)
      if (p) parsed.push(p)
    }
    return this.applyParsed(parsed)
  }

  applyParsed(changes: Iterable<ParsedChange>): Delta[] {
    return this.batch(() => {
      for (const c of changes) this.applyOne(c)
    })
  }

  /** Applies one validated change; returns its delta, or null when it changed nothing. */
  applyOne(change: ParsedChange): Delta | null {
    const store = this.store(change.table)
    let delta: Delta | null = null
    if (change.type === 'upsert') {
      if (store.upsert(change.row) === 'applied') {
        delta = { kind: 'upsert', table: change.table, id: change.id, row: change.row } as Delta
      }
    } else {
      if (change.tombstone && change.seq !== undefined) store.advance(0, change.seq)
      if (store.remove(change.id, change.seq)) delta = { kind: 'remove', table: change.table, id: change.id }
    }
    if (delta) this.emit([delta])
    return delta
  }

  /**
   * A full snapshot of `table` as of `snapshotHwm`: its rows are applied, and held rows absent from it
   * with seq ≤ snapshotHwm are gone (deleted or no longer visible). Rows newer than the snapshot arrived
   * live after it was read and stay. Called inside replace(), which frames it.
   */
  replaceTable(table: TableName, rows: readonly ParsedChange[], snapshotHwm: number): Delta[] {
    return this.collect('snapshot', () => {
      const present = new Set<string>()
      for (const r of rows) {
        present.add(r.id)
        this.applyOne(r)
      }
      const store = this.store(table)
      for (const [id, row] of [...store.rows]) {
        if (!present.has(id) && row.seq <= snapshotHwm)
          this.applyOne({ type: 'remove', table, id, seq: snapshotHwm })
      }
      store.advance(snapshotHwm)
    })
  }

  /** Runs `fn` and emits every delta it causes as one batch of live news. */
  batch(fn: () => void): Delta[] {
    return this.collect('live', fn)
  }

  /**
   * Runs `fn` (a catch-up merge) and emits what it changed as one resync frame: replayed, not news. The
   * rows are `source`'s from then on; a frame is emitted for a change of source even when nothing else changed.
   */
  resync(fn: () => void, source: DataSource = 'server', gapMs?: number): Delta[] {
    const before = this.currentSource
    this.currentSource = source
    this.gapMs = gapMs
    try {
      return this.collect('resync', fn, before !== source)
    } finally {
      this.gapMs = undefined
    }
  }

  /**
   * Runs `fn`, which rebuilds the state (a full snapshot, the offline cache), and tells subscribers the
   * whole state was replaced. `source` becomes what the rows now are.
   */
  replace(source: DataSource, fn: () => void): void {
    this.collect('snapshot', fn)
    this.currentSource = source
    this.notify({ kind: 'snapshot', source })
  }

  /**
   * Forgets everything (another session, sign-out): no rows, no marks, nothing known. A state that
   * already knows nothing stays silent: views hold it already, and a start-up would otherwise send them
   * empty frames before the first real one.
   */
  reset(): void {
    if (this.currentSource === 'none' && [...this.tables.values()].every((t) => t.isBlank())) return
    this.replace('none', () => {
      for (const store of this.tables.values()) store.clear()
    })
  }

  private collect(kind: 'live' | 'resync' | 'snapshot', fn: () => void, always = false): Delta[] {
    if (this.collecting) {
      const start = this.collecting.deltas.length
      fn()
      return this.collecting.deltas.slice(start)
    }
    const collected = { kind, deltas: [] as Delta[] }
    this.collecting = collected
    try {
      fn()
    } finally {
      this.collecting = null
    }
    if (kind === 'snapshot') return collected.deltas
    if (kind === 'resync' && (collected.deltas.length > 0 || always)) {
      const gap = this.gapMs === undefined ? {} : { gapMs: this.gapMs }
      this.notify({ kind, deltas: collected.deltas, source: this.currentSource, ...gap })
    } else if (kind === 'live' && collected.deltas.length > 0) {
      this.notify({ kind, deltas: collected.deltas })
    }
    return collected.deltas
  }

  private emit(deltas: Delta[]): void {
    if (this.collecting) this.collecting.deltas.push(...deltas)
    else this.notify({ kind: 'live', deltas })
  }

  private notify(event: LiveEvent): void {
    for (const l of [...this.listeners]) {
      // A failing subscriber (a closed window's bridge) must not stop the others or the core.
      try {
        l(event)
      } catch {
        this.listenerErrorCount++
      }
    }
  }

  private store(name: TableName): TableStore {
    return this.tables.get(name) as TableStore
  }

  private reject(key: string, error: string): null {
    const entry = this.malformedByTable.get(key) ?? { count: 0, lastError: '' }
    entry.count++
    entry.lastError = error
    this.malformedByTable.set(key, entry)
    return null
  }
}
