// Catalog facts about one table that change capture and Realtime need: columns, primary key, replica
// identity, row-level security and whether it is in the supabase_realtime publication.
import type { PGlite } from '@electric-sql/pglite'

export interface ColumnInfo {
  name: string
  type: string
  attnum: number
}
export interface TableInfo {
  schema: string
  table: string
  columns: ColumnInfo[]
  primaryKey: string[]
  /** pg_class.relreplident: d(efault) f(ull) i(ndex) n(othing) */
  replicaIdentity: 'd' | 'f' | 'i' | 'n'
  rlsEnabled: boolean
  published: boolean
}

export async function loadTableInfo(pg: PGlite, schema: string, table: string): Promise<TableInfo | null> {
  const rel = await pg.query<{
    oid: number
    relreplident: string
    relrowsecurity: boolean
    published: boolean
  }>(
    `select c.oid::int8 as oid, c.relreplident, c.relrowsecurity,
            exists (select 1 from pg_publication_tables p
                    where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname) as published
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm')`,
    [schema, table],
  )
  const row = rel.rows[0]
  if (!row) return null
  const cols = await pg.query<ColumnInfo>(
    `select a.attname as name, t.typname as type, a.attnum
       from pg_attribute a join pg_type t on t.oid = a.atttypid
      where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
    [row.oid],
  )
  const pk = await pg.query<{ name: string }>(
    `select a.attname as name from pg_index i
       join lateral unnest(i.indkey) with ordinality k(attnum, ord) on true
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
      where i.indrelid = $1 and i.indisprimary order by k.ord`,
    [row.oid],
  )
  return {
    schema,
    table,
    columns: cols.rows.map((c) => ({ ...c, attnum: Number(c.attnum) })),
    primaryKey: pk.rows.map((r) => r.name),
    replicaIdentity: row.relreplident as TableInfo['replicaIdentity'],
    rlsEnabled: row.relrowsecurity,
    published: row.published,
  }
}
