// The embedded Postgres: PGlite with Supabase's shims, the project's migrations and change capture.
// PGlite is one connection, so every statement is serialised by PGlite itself; this module adds
// "run as a role with these JWT claims" (PostgREST semantics) and the committed-change stream.
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { mkdir, readFile, readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MIGRATIONS_DIR, SQL_DIR as HERE } from '../paths'
import { loadInitialisedImage } from './snapshot'

export type { Transaction }
export type Claims = { role: string; [claim: string]: unknown }

/** One committed row change (or database-originated broadcast), in commit order. */
export interface CapturedChange {
  id: number
  schema: string
  table: string
  type: 'INSERT' | 'UPDATE' | 'DELETE' | 'BROADCAST'
  record: Record<string, unknown> | null
  oldRecord: Record<string, unknown> | null
  commitTimestamp: string
}

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

export interface OpenOptions {
  /** Folder for the data; omitted = in memory (ephemeral, for tests). */
  dataDir?: string
}

const API_ROLES = new Set(['anon', 'authenticated', 'service_role'])
/** Plays hosted Supabase's `postgres`: owns the project's objects, not a superuser, BYPASSRLS (shims.sql). */
export const MIGRATION_OWNER = 'project_owner'
/** The role's own settings (statement_timeout…), applied per request as PostgREST does for the role it becomes. */
const ROLE_SETTINGS = `select set_config(split_part(c, '=', 1), substr(c, strpos(c, '=') + 1), true)
  from pg_db_role_setting s cross join unnest(s.setconfig) c
 where s.setrole = to_regrole($1) and s.setdatabase = 0`

export class Database {
  private changeListeners = new Set<(changes: CapturedChange[]) => void>()
  private lastChangeId = 0
  private draining: Promise<void> | null = null
  private drainAgain = false
  private tableCache = new Map<string, TableInfo | null>()
  private closed = false

  private constructor(readonly pg: PGlite) {}

  static async open(opts: OpenOptions = {}): Promise<Database> {
    if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true })
    const fresh = !opts.dataDir || !existsSync(join(opts.dataDir, 'PG_VERSION'))
    let pg: PGlite
    if (fresh) {
      // A new database starts from a cached image of an initialised one (initdb + shims + migrations)
      // instead of paying for initdb and every migration each time.
      const image = await loadInitialisedImage(() => Database.initialise())
      pg = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: image })
    } else {
      try {
        pg = await PGlite.create({ dataDir: opts.dataDir })
      } catch (err) {
        throw new Error(
          `The data folder ${opts.dataDir} could not be opened as a Floorwatch database ` +
            `(${err instanceof Error ? err.message : String(err)}). Nothing in it was changed: move it aside to start ` +
            'afresh, or point --data at another folder.',
          { cause: err },
        )
      }
    }
    const db = new Database(pg)
    // Migrations added since the image (or since this data folder was last opened) are applied now.
    await db.migrate()
    await pg.listen('_realtime_changes', () => db.scheduleDrain())
    const last = await pg.query<{ id: number | null }>('select max(id)::int8 as id from _realtime.changes')
    db.lastChangeId = Number(last.rows[0]?.id ?? 0)
    return db
  }

  /** Builds the initialised image: shims, capture and every migration on a blank cluster. */
  static async initialise(): Promise<Blob> {
    const pg = await PGlite.create()
    const db = new Database(pg)
    await db.migrate()
    const image = await pg.dumpDataDir('gzip')
    await pg.close()
    return image
  }

  async migrate(): Promise<string[]> {
    await this.pg.exec(await readFile(join(HERE, 'shims.sql'), 'utf8'))
    await this.pg.exec(await readFile(join(HERE, 'capture.sql'), 'utf8'))
    await this.maintainMessages()
    const applied = new Set(
      (
        await this.pg.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
      ).rows.map((r) => r.version),
    )
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort()
    const done: string[] = []
    for (const file of files) {
      const [version, ...rest] = file.replace(/\.sql$/, '').split('_')
      if (!version || applied.has(version)) continue
      const sql = await readFile(join(MIGRATIONS_DIR, file), 'utf8')
      // One transaction per file, as the project's owner (not a superuser), like `supabase db push`.
      await this.pg.transaction(async (tx) => {
        await tx.exec(`set local role ${MIGRATION_OWNER}`)
        await tx.exec(sql)
        await tx.exec('reset role')
        await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
          version,
          rest.join('_'),
        ])
      })
      done.push(file)
    }
    await this.ensureCapture()
    return done
  }

  /** Realtime's janitor: today's realtime.messages partition and its neighbours exist, old ones are gone. */
  async maintainMessages(): Promise<void> {
    await this.pg.query('select _realtime.maintain_messages()')
  }

  /** Installs capture triggers on newly published tables (tests and migrations may add some). */
  async ensureCapture(): Promise<void> {
    await this.pg.query('select _realtime.ensure_capture()')
    this.tableCache.clear()
  }

  /** Superuser query (the server's own work: auth tables, capture, simulator). */
  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return this.pg.query<T>(sql, params)
  }

  exec(sql: string): Promise<unknown> {
    return this.pg.exec(sql)
  }

  /**
   * Runs `fn` in one transaction as the API role named by the claims, with `request.jwt.claims` set so
   * auth.uid()/auth.jwt() and RLS policies see the caller. Throws for a role that is not an API role.
   */
  async asRole<T>(
    claims: Claims,
    fn: (tx: Transaction) => Promise<T>,
    settings: Record<string, string> = {},
  ): Promise<T> {
    if (!API_ROLES.has(claims.role)) {
      throw Object.assign(new Error(`role "${claims.role}" does not exist`), { code: '22023' })
    }
    return this.pg.transaction(async (tx) => {
      await tx.query(
        `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                set_config('request.jwt.claim.sub', $3, true), set_config('request.jwt.claim.role', $1, true)`,
        [claims.role, JSON.stringify(claims), typeof claims.sub === 'string' ? claims.sub : ''],
      )
      await tx.query(ROLE_SETTINGS, [claims.role])
      for (const [key, value] of Object.entries(settings)) {
        await tx.query('select set_config($1, $2, true)', [key, value])
      }
      return fn(tx)
    })
  }

  async tableInfo(schema: string, table: string): Promise<TableInfo | null> {
    const key = `${schema}.${table}`
    if (this.tableCache.has(key)) return this.tableCache.get(key) ?? null
    const rel = await this.pg.query<{
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
    if (!row) {
      this.tableCache.set(key, null)
      return null
    }
    const cols = await this.pg.query<ColumnInfo>(
      `select a.attname as name, t.typname as type, a.attnum
         from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = $1 and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [row.oid],
    )
    const pk = await this.pg.query<{ name: string }>(
      `select a.attname as name from pg_index i
         join lateral unnest(i.indkey) with ordinality k(attnum, ord) on true
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = $1 and i.indisprimary order by k.ord`,
      [row.oid],
    )
    const info: TableInfo = {
      schema,
      table,
      columns: cols.rows.map((c) => ({ ...c, attnum: Number(c.attnum) })),
      primaryKey: pk.rows.map((r) => r.name),
      replicaIdentity: row.relreplident as TableInfo['replicaIdentity'],
      rlsEnabled: row.relrowsecurity,
      published: row.published,
    }
    this.tableCache.set(key, info)
    return info
  }

  /** Forget cached table metadata (after DDL). */
  invalidateTables(): void {
    this.tableCache.clear()
  }

  /** Subscribe to committed changes, delivered in commit order, in batches. */
  onChanges(listener: (changes: CapturedChange[]) => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  private scheduleDrain(): void {
    if (this.closed) return
    if (this.draining) {
      this.drainAgain = true
      return
    }
    this.draining = this.drain().finally(() => {
      this.draining = null
      if (this.drainAgain) {
        this.drainAgain = false
        this.scheduleDrain()
      }
    })
  }

  private async drain(): Promise<void> {
    try {
      const res = await this.pg.query<{
        id: number
        schema_name: string
        table_name: string
        type: CapturedChange['type']
        record: Record<string, unknown> | null
        old_record: Record<string, unknown> | null
        ts: string
      }>(
        `with batch as (
           delete from _realtime.changes where id > $1 returning *
         )
         select id::int8 as id, schema_name, table_name, type, record, old_record,
                to_char(commit_timestamp at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ts
           from batch order by id`,
        [this.lastChangeId],
      )
      if (res.rows.length === 0) return
      const changes = res.rows.map<CapturedChange>((r) => ({
        id: Number(r.id),
        schema: r.schema_name,
        table: r.table_name,
        type: r.type,
        record: r.record,
        oldRecord: r.old_record,
        commitTimestamp: r.ts,
      }))
      this.lastChangeId = changes[changes.length - 1]!.id
      for (const listener of this.changeListeners) {
        try {
          listener(changes)
        } catch (err) {
          console.error('[embedded] change listener failed:', err)
        }
      }
    } catch (err) {
      if (!this.closed) console.error('[embedded] draining changes failed:', err)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.draining
    await this.pg.close()
  }
}
