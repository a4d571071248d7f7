// Per table: how many changes a resync recovered that live delivery had missed, so the console can say
// "reconnected, 12 changes caught up" instead of silently replacing its picture.
import type { TableName } from '../../../shared/domain/tables'

export interface GapEntry {
  /** Completed resyncs of this table. */
  resyncs: number
  /** Whether the last resync was a full snapshot (first connect): then `lastMissed` counts rows loaded. */
  lastFull: boolean
  /**
   * Entities the last catch-up changed that no live event delivered. A row updated three times while
   * disconnected counts once: catch-up sees its latest version only, the others are unknowable.
   */
  lastMissed: number
  /** Sum of lastMissed over incremental resyncs (snapshots excluded). */
  totalMissed: number
  /** Live events buffered during the last catch-up. */
  lastBuffered: number
  /** Of those, dropped because the catch-up (or an earlier buffered copy) had the same (id, seq). */
  lastDuplicates: number
  lastAt: number | null
}

const empty = (): GapEntry => ({
  resyncs: 0,
  lastFull: false,
  lastMissed: 0,
  totalMissed: 0,
  lastBuffered: 0,
  lastDuplicates: 0,
  lastAt: null,
})

interface Running {
  missed: number
  buffered: number
  duplicates: number
}

export class GapReport {
  private readonly entries = new Map<TableName, GapEntry>()
  private running = new Map<TableName, Running>()

  constructor(tables: readonly TableName[]) {
    for (const t of tables) this.entries.set(t, empty())
  }

  record(table: TableName, missed: number): void {
    this.run(table).missed += missed
  }

  buffered(table: TableName): void {
    this.run(table).buffered++
  }

  duplicate(table: TableName): void {
    this.run(table).duplicates++
  }

  /** Closes the resync in progress: every table of the stream gets an entry, zero if nothing was missed. */
  finish(full: boolean, at: number): void {
    for (const [table, entry] of this.entries) {
      const r = this.running.get(table) ?? { missed: 0, buffered: 0, duplicates: 0 }
      entry.resyncs++
      entry.lastFull = full
      entry.lastMissed = r.missed
      if (!full) entry.totalMissed += r.missed
      entry.lastBuffered = r.buffered
      entry.lastDuplicates = r.duplicates
      entry.lastAt = at
    }
    this.running = new Map()
  }

  get(table: TableName): GapEntry {
    return { ...(this.entries.get(table) ?? empty()) }
  }

  toJSON(): Partial<Record<TableName, GapEntry>> {
    return Object.fromEntries([...this.entries].map(([t, e]) => [t, { ...e }]))
  }

  private run(table: TableName): Running {
    if (!this.entries.has(table)) this.entries.set(table, empty())
    let r = this.running.get(table)
    if (!r) {
      r = { missed: 0, buffered: 0, duplicates: 0 }
      this.running.set(table, r)
    }
    return r
  }
}
