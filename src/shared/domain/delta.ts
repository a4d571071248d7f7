// What the live state tells its subscribers and what the relay sends to views (windows, wall displays):
// per-entity upserts and removes, in batches. A view that applies batches with `applyBatch` holds
// exactly the live state after the last flush.
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

export interface DeltaBatch {
  /** True on the first batch of a snapshot: drop everything held, then apply the deltas. */
  reset: boolean
  deltas: Delta[]
}

/** A view's copy of the state: table → id → row. */
export type ViewState = { [T in TableName]?: Map<string, RowByTable[T]> }

export function deltaKey(delta: { table: TableName; id: string }): string {
  return `${delta.table}\u0000${delta.id}`
}

/** Applies one batch in place and returns the same state object. */
export function applyBatch(state: ViewState, batch: DeltaBatch): ViewState {
  if (batch.reset) for (const table of Object.keys(state) as TableName[]) delete state[table]
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
