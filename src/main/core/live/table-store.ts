// One table's rows, its high-water marks and the deletes it must remember. The single rule: a version
// of a row is taken only if its seq is newer than everything known about that id.
import type { AnyRow } from '../../../shared/domain/tables'

/**
 * Deleted ids are remembered so that an older version arriving late (a catch-up page read before the
 * delete) cannot resurrect the row. Bounded: a long soak deletes without end, and a block only matters
 * for the short window in which a stale copy can still be in flight.
 */
export const DEFAULT_MAX_BLOCKS = 10_000

export type UpsertOutcome = 'applied' | 'stale' | 'deleted'

export class TableStore<R extends AnyRow = AnyRow> {
  readonly rows = new Map<string, R>()
  private readonly blocks = new Map<string, number>()
  /** Highest row seq seen: catch-up asks for `seq > hwm`. */
  private hwmValue = 0
  /** Highest tombstone seq seen: catch-up asks for tombstones with `seq > tombstoneHwm`. */
  private tombstoneHwmValue = 0

  constructor(private readonly maxBlocks = DEFAULT_MAX_BLOCKS) {}

  get hwm(): number {
    return this.hwmValue
  }

  get tombstoneHwm(): number {
    return this.tombstoneHwmValue
  }

  get blockCount(): number {
    return this.blocks.size
  }

  upsert(row: R): UpsertOutcome {
    if (row.seq > this.hwmValue) this.hwmValue = row.seq
    const current = this.rows.get(row.id)
    if (current && current.seq >= row.seq) return 'stale'
    const blockedAt = this.blocks.get(row.id)
    if (blockedAt !== undefined) {
      if (blockedAt >= row.seq) return 'deleted'
      this.blocks.delete(row.id)
    }
    this.rows.set(row.id, row)
    return 'applied'
  }

  /**
   * Removes `id`. `seq` is the delete's (a tombstone's, or a snapshot's mark). A live DELETE carries
   * none; applied in commit order it follows every version held, so it blocks at the held row's seq and
   * a later re-insert (a higher seq) is still taken. Returns whether a row was removed.
   */
  remove(id: string, seq?: number): boolean {
    const current = this.rows.get(id)
    // A version newer than the tombstone is a re-insert of the same id after the delete.
    if (seq !== undefined && current && current.seq > seq) return false
    const at = seq ?? current?.seq
    if (at !== undefined) this.block(id, at)
    return this.rows.delete(id)
  }

  /** No rows, no marks: what a new store holds. */
  isBlank(): boolean {
    return this.rows.size === 0 && this.hwmValue === 0 && this.tombstoneHwmValue === 0
  }

  /** Forgets every row, mark and block (a new session starts from nothing). */
  clear(): void {
    this.rows.clear()
    this.blocks.clear()
    this.hwmValue = 0
    this.tombstoneHwmValue = 0
  }

  /** Raises the marks after a snapshot that says "nothing newer than this exists" (possibly empty). */
  advance(hwm: number, tombstoneHwm?: number): void {
    this.hwmValue = Math.max(this.hwmValue, hwm)
    if (tombstoneHwm !== undefined) this.tombstoneHwmValue = Math.max(this.tombstoneHwmValue, tombstoneHwm)
  }

  private block(id: string, seq: number): void {
    const prev = this.blocks.get(id)
    if (prev !== undefined && prev >= seq) return
    this.blocks.delete(id)
    this.blocks.set(id, seq)
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value
      if (oldest === undefined) break
      this.blocks.delete(oldest)
    }
  }
}
