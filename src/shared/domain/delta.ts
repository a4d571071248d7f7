// What the live state tells its subscribers and what the relay sends to views (windows, wall displays):
// per-entity upserts and removes, in batches. Batches outside a frame are live news. A frame carries
// replayed state, never news: a `snapshot` frame replaces everything a view holds (a new view, a view that
// fell behind, a new session, a full resync, the offline cache); a `resync` frame brings the changes a
// catch-up found after an absence. A frame spans one or more batches, from the one marked `first` to the
// one marked `last`; a view applies a frame only once it has all of it, so nobody sees half a floor.
import type { RowByTable, TableName } from './tables'

export type UpsertDelta = {
  [T in TableName]: { kind: 'upsert'; table: T; id: string; row: RowByTable[T] }
}[TableName]

export interface RemoveDelta {
  kind: 'remove'
  table: TableName
  id: string
}

export type Delta = UpsertDelta | RemoveDelta

/** Where a snapshot's rows come from: nothing known yet, the offline cache, or the server. */
export type DataSource = 'none' | 'cache' | 'server'

export interface Frame {
  /** Increases with every frame a relay sends; the batches of one frame share it. */
  id: number
  kind: 'snapshot' | 'resync'
  first: boolean
  last: boolean
  /** What the rows are after the frame (a resync turns a cached floor into the server's). */
  source?: DataSource
  /** Resync frames: how long the floor had not been confirmed when the catch-up closed the gap. */
  gapMs?: number
}

export interface DeltaBatch {
  deltas: Delta[]
  /** Absent on live news. */
  frame?: Frame
}

/** A view's copy of the state: table → id → row. */
export type ViewState = { [T in TableName]?: Map<string, RowByTable[T]> }

export function deltaKey(delta: { table: TableName; id: string }): string {
  return `${delta.table}\u0000${delta.id}`
}

/** True for the batch that starts a snapshot: everything held before it is dropped. */
export function startsSnapshot(batch: DeltaBatch): boolean {
  return batch.frame?.kind === 'snapshot' && batch.frame.first
}

/** Applies one batch in place and returns the same state object. */
export function applyBatch(state: ViewState, batch: DeltaBatch): ViewState {
  if (startsSnapshot(batch)) for (const table of Object.keys(state) as TableName[]) delete state[table]
  for (const delta of batch.deltas) {
    if (delta.kind === 'remove') {
      state[delta.table]?.delete(delta.id)
      continue
    }
    let rows = state[delta.table] as Map<string, RowByTable[TableName]> | undefined
    if (!rows) {
      rows = new Map()
      ;(state as Record<string, unknown>)[delta.table] = rows
    }
    rows.set(delta.id, delta.row)
  }
  return state
}

/**
 * Collects the batches of a frame and hands back whole frames, so a receiver acts on a frame only when it
 * is complete. Live batches pass straight through. A frame interrupted by another frame's first batch is
 * dropped: the newer frame supersedes it (the relay never interleaves, so this only guards bad input).
 */
export class FrameAssembler {
  private open: DeltaBatch[] | null = null

  /** Returns the batches ready to apply now: a live batch, a completed frame (merged), or nothing. */
  push(batch: DeltaBatch): DeltaBatch | null {
    const frame = batch.frame
    if (!frame) {
      // Live news cannot arrive inside a frame; if it does, the frame is abandoned rather than mixed.
      this.open = null
      return batch
    }
    if (frame.first) this.open = []
    if (this.open === null) return null
    this.open.push(batch)
    if (!frame.last) return null
    const parts = this.open
    this.open = null
    const head = parts[0]!.frame!
    return {
      frame: { ...head, first: true, last: true },
      deltas: parts.length === 1 ? parts[0]!.deltas : parts.flatMap((p) => p.deltas),
    }
  }

  get pending(): boolean {
    return this.open !== null
  }
}
