// What the server needs to know about a published table for one role: its columns in attnum order with
// their types and whether the role may SELECT them, the operators filters need, the primary key, replica
// identity and RLS. Read once per subscription (not per change).
import type { Database } from '../db/database'

export interface ColumnMeta {
  name: string
  /** pg_type.typname, as the change message's `columns` list reports it (`int4`, `_text`, …). */
  type: string
  /** The regtype spelling (`integer`, `text[]`), used for casts and in error messages. */
  regtype: string
  canSelect: boolean
  hasLike: boolean
  hasMatch: boolean
  hasImatch: boolean
}

export interface TableMeta {
  schema: string
  table: string
  columns: ColumnMeta[]
  primaryKey: string[]
  replicaIdentity: 'd' | 'f' | 'i' | 'n'
  rlsEnabled: boolean
}

export class PgError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** Published tables whose schema and name match the subscription's patterns (SQL LIKE, `*` = `%`). */
export async function publishedTables(
  db: Database,
  schema: string,
  table: string,
): Promise<[string, string][]> {
  const res = await db.query<{ schemaname: string; tablename: string }>(
    `select schemaname, tablename from pg_publication_tables
      where pubname = 'supabase_realtime' and schemaname like $1 and tablename like $2
      order by schemaname, tablename`,
    [schema.replaceAll('*', '%'), table.replaceAll('*', '%')],
  )
  return res.rows.map((r) => [r.schemaname, r.tablename])
}

export async function tableMeta(
  db: Database,
  schema: string,
  table: string,
  role: string,
): Promise<TableMeta | null> {
  const info = await db.tableInfo(schema, table)
  if (!info) return null
  const res = await db.query<Omit<ColumnMeta, 'canSelect'> & { can_select: boolean }>(
    `select a.attname as name, t.typname as type, format_type(a.atttypid, null) as regtype,
            has_column_privilege($3, a.attrelid, a.attnum, 'SELECT') as can_select,
            exists (select 1 from pg_operator o where o.oprname = '~~' and o.oprleft = a.atttypid) as "hasLike",
            exists (select 1 from pg_operator o where o.oprname = '~' and o.oprleft = a.atttypid
                     and o.oprright = a.atttypid and o.oprresult = 'boolean'::regtype) as "hasMatch",
            exists (select 1 from pg_operator o where o.oprname = '~*' and o.oprleft = a.atttypid
                     and o.oprright = a.atttypid and o.oprresult = 'boolean'::regtype) as "hasImatch"
       from pg_attribute a join pg_type t on t.oid = a.atttypid
      where a.attrelid = format('%I.%I', $1::text, $2::text)::regclass and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [schema, table, role],
  )
  return {
    schema,
    table,
    columns: res.rows.map(({ can_select, ...c }) => ({ ...c, canSelect: can_select })),
    primaryKey: info.primaryKey,
    replicaIdentity: info.replicaIdentity,
    rlsEnabled: info.rlsEnabled,
  }
}

/** A Postgres error as Postgrex's `Exception.message` spells it: `ERROR <code> (<condition>) <message>`. */
export function describePgError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown }
  const code = typeof e.code === 'string' ? e.code : 'XX000'
  const message = typeof e.message === 'string' ? e.message : String(err)
  return `ERROR ${code} (${CONDITIONS[code] ?? code.toLowerCase()}) ${message}`
}

const CONDITIONS: Record<string, string> = {
  P0001: 'raise_exception',
  '22P02': 'invalid_text_representation',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22003': 'numeric_value_out_of_range',
  '22001': 'string_data_right_truncation',
  '22023': 'invalid_parameter_value',
  '2201B': 'invalid_regular_expression',
  '42704': 'undefined_object',
  '42883': 'undefined_function',
  '42846': 'cannot_coerce',
  '42P01': 'undefined_table',
  XX000: 'internal_error',
}
