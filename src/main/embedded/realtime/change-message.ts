// The `data` of a postgres_changes message for one subscriber, shaped like the real server's apply_rls:
// columns the role may SELECT (narrowed by `select` plus the primary key), old_record reduced by replica
// identity and RLS, error records for tables without a primary key or with a hidden one, and the 413 cut.
import type { CapturedChange } from '../db/database'
import type { TableMeta } from './catalog'

type Row = Record<string, unknown>
type RowChange = CapturedChange & { type: 'INSERT' | 'UPDATE' | 'DELETE' }

const MAX_RECORD_BYTES = 1_048_576
const MAX_KEPT_VALUE_BYTES = 64

/** The row image filters are evaluated against: the new row, or for DELETE the replica-identity columns. */
export function filterImage(change: RowChange, meta: TableMeta): Row | null {
  if (change.type !== 'DELETE') return change.record
  if (!change.oldRecord) return null
  return meta.replicaIdentity === 'f' ? change.oldRecord : pick(change.oldRecord, meta.primaryKey)
}

/** Why a change cannot be delivered with data to this role, if it cannot. */
export function changeError(change: RowChange, meta: TableMeta): string | null {
  // DELETE is never refused: its old_record is simply cut down to what the role may see.
  if (change.type === 'DELETE') return null
  if (meta.primaryKey.length === 0) return 'Error 400: Bad Request, no primary key'
  const selectable = new Set(meta.columns.filter((c) => c.canSelect).map((c) => c.name))
  if (meta.primaryKey.some((k) => !selectable.has(k))) return 'Error 401: Unauthorized'
  return null
}

/**
 * True when a change must pass the subscriber's RLS policies before delivery: every change to a table with
 * RLS on, DELETE and error records included (the hosted server skips DELETE; we do not, see
 * docs/embedded-backend.md).
 */
export function needsRlsCheck(meta: TableMeta, role: string): boolean {
  return meta.rlsEnabled && role !== 'service_role'
}

export function errorData(change: RowChange, error: string): Row {
  const data: Row = {
    schema: change.schema,
    table: change.table,
    commit_timestamp: null,
    type: change.type,
    columns: [],
    record: {},
  }
  if (change.type !== 'INSERT') data.old_record = {}
  data.errors = [error]
  return data
}

export function changeData(change: RowChange, meta: TableMeta, select: Set<string> | null): Row {
  const pk = meta.primaryKey
  const visible = meta.columns.filter(
    (c) => c.canSelect && (!select || select.has(c.name) || pk.includes(c.name)),
  )
  const names = visible.map((c) => c.name)
  const data: Row = {
    schema: change.schema,
    table: change.table,
    commit_timestamp: change.commitTimestamp,
    type: change.type,
    columns: visible.map((c) => ({ name: c.name, type: c.type })),
  }
  let errors: string[] | null = null
  if (change.type !== 'DELETE') {
    let record = pick(change.record ?? {}, names)
    if (tooLarge(change.record)) {
      errors = ['Error 413: Payload Too Large']
      record = keepSmallValues(record)
    }
    data.record = record
  }
  if (change.type !== 'INSERT') {
    const full = meta.replicaIdentity === 'f' && !(change.type === 'DELETE' && meta.rlsEnabled)
    data.old_record = pick(change.oldRecord ?? {}, full ? names : pk.filter((k) => names.includes(k)))
  }
  data.errors = errors
  return data
}

function pick(row: Row, names: string[]): Row {
  const out: Row = {}
  for (const n of names) if (Object.prototype.hasOwnProperty.call(row, n)) out[n] = row[n]
  return out
}

const sizes = new WeakMap<Row, number>()

function tooLarge(record: Row | null): boolean {
  if (!record) return false
  let size = sizes.get(record)
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(record))
    sizes.set(record, size)
  }
  return size > MAX_RECORD_BYTES
}

function keepSmallValues(record: Row): Row {
  const out: Row = {}
  for (const [k, v] of Object.entries(record)) {
    if (Buffer.byteLength(JSON.stringify(v) ?? '') <= MAX_KEPT_VALUE_BYTES) out[k] = v
  }
  return out
}
