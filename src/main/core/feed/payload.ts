// The boundary between what arrives on the wire and the live state: postgres_changes payloads and
// broadcast-from-database messages become the same raw changes. Nothing is trusted here: the live state
// validates every row, and anything that cannot even be read as a change is counted and dropped.
import type { LiveChange } from '../live'

export interface WireChange {
  change: LiveChange
  /** The table the change counts under in the per-table rates. */
  table: string
  /** Server time of the commit, when the wire carries one. */
  committedAt: string | null
}

export const TOMBSTONES = 'tombstones'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

function toChange(table: string, op: string, record: unknown, old: unknown): LiveChange | null {
  if (table === TOMBSTONES) return op === 'INSERT' ? { type: 'tombstone', row: record } : null
  if (op === 'INSERT' || op === 'UPDATE') return { type: 'upsert', table, row: record }
  if (op === 'DELETE') return { type: 'delete', table, oldRecord: old }
  return null
}

/**
 * A postgres_changes callback payload as supabase-js hands it over
 * (`{ table, eventType, new, old, commit_timestamp, errors }`). Null for what is not a row change.
 */
export function fromPostgresChange(payload: unknown): WireChange | null {
  if (!isObj(payload)) return null
  const table = str(payload.table)
  const op = str(payload.eventType)
  if (table === null || op === null) return null
  // A tombstone UPDATE or DELETE (never written by the schema) is not a change of the floor.
  const change = toChange(table, op, payload.new, payload.old)
  return change && { change, table, committedAt: str(payload.commit_timestamp) }
}

/**
 * A message broadcast by realtime.broadcast_changes(): `{ operation, table, schema, record, old_record }`.
 * It carries no commit timestamp; the row's updated_at (its transaction's start) stands in for it.
 */
export function fromDatabaseBroadcast(message: unknown): WireChange | null {
  if (!isObj(message) || !isObj(message.payload)) return null
  const body = message.payload
  const table = str(body.table)
  const op = str(body.operation) ?? str(message.event)
  if (table === null || op === null) return null
  const change = toChange(table, op.toUpperCase(), body.record, body.old_record)
  if (!change) return null
  const image = isObj(body.record) ? body.record : isObj(body.old_record) ? body.old_record : {}
  return { change, table, committedAt: str(image.updated_at) ?? str(image.deleted_at) }
}
