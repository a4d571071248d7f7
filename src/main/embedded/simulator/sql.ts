// Multi-row writes as one statement per table: the rows travel as one JSON array parameter and
// Postgres expands it (jsonb_to_recordset), so a tick costs a handful of statements whatever its size.
import type { Transaction } from '../db/database'

type Runner = Pick<Transaction, 'query'>
export type Row = Record<string, unknown>
/** Column name → SQL type, in insert order. */
export type Columns = Record<string, string>

const recordset = (columns: Columns): string =>
  `jsonb_to_recordset($1::jsonb) as r(${Object.entries(columns)
    .map(([name, type]) => `${name} ${type}`)
    .join(', ')})`

export async function insertRows(
  tx: Runner,
  table: string,
  columns: Columns,
  rows: Row[],
  onConflict = '',
): Promise<number> {
  if (rows.length === 0) return 0
  const names = Object.keys(columns).join(', ')
  const res = await tx.query(
    `insert into public.${table} (${names}) select ${names} from ${recordset(columns)} ${onConflict}`,
    [JSON.stringify(rows)],
  )
  return res.affectedRows ?? 0
}

/** Updates `set` columns of the rows matched by id (the first column must be `id uuid`). */
export async function updateRows(tx: Runner, table: string, columns: Columns, rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0
  const sets = Object.keys(columns)
    .filter((c) => c !== 'id')
    .map((c) => `${c} = r.${c}`)
    .join(', ')
  const res = await tx.query(
    `update public.${table} t set ${sets} from ${recordset(columns)} where t.id = r.id`,
    [JSON.stringify(rows)],
  )
  return res.affectedRows ?? 0
}
