// The embedded Postgres: PGlite with Supabase's shims, the project's migrations and change capture.
// PGlite is one connection, so every statement is serialised by PGlite itself; this module adds
// "run as a role with these JWT claims" (PostgREST semantics) and the committed-change stream.
import { PGlite, type Transaction } from '@electric-sql/pglite'
import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { MIGRATIONS_DIR, SQL_DIR as HERE } from '../paths'
import { DataFolderError, checkRoomToOpen, restrictPermissions } from './data-folder'
import type { DataLock } from './data-lock'
import { DEFAULT_DISK_RESERVE_BYTES, DiskFullError, DiskGuard, type DiskState } from './disk-guard'
import { claimFolder } from './open-folder'
import { loadInitialisedImage } from './snapshot'
import { loadTableInfo, type ColumnInfo, type TableInfo } from './table-info'

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

export type { ColumnInfo, TableInfo }

export interface OpenOptions {
  /** Folder for the data; omitted = in memory (ephemeral, for tests). */
  dataDir?: string
  /** Free disk space below which every write is refused as "disk full" (default 48 MB). */
  diskReserveBytes?: number
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

  private guard: DiskGuard | null = null
  private lock: DataLock | null = null
  private readOnlyForDisk = false
  private diskTimer: NodeJS.Timeout | null = null

  private constructor(readonly pg: PGlite) {}

  /**
   * Opens (or creates) the database. A data folder is claimed first, without writing to it: it must be
   * new or empty, or a Floorwatch database whose pages pass their checksums, not held by another backend,
   * and on a disk with room to start.
   */
  static async open(opts: OpenOptions = {}): Promise<Database> {
    const dir = opts.dataDir
    const reserve = opts.diskReserveBytes ?? DEFAULT_DISK_RESERVE_BYTES
    const claim = dir ? await claimFolder(dir, reserve) : null
    let db: Database
    try {
      db = new Database(await createPGlite(dir, claim?.kind ?? 'new', reserve))
    } catch (err) {
      claim?.lock.release()
      throw err
    }
    if (dir && claim) {
      db.lock = claim.lock
      db.guard = new DiskGuard(dir, reserve)
      await restrictPermissions(dir)
      await db.watchDisk()
    }
    // Migrations added since the image (or since this data folder was last opened) are applied now.
    await db.migrate()
    await db.pg.listen('_realtime_changes', () => db.scheduleDrain())
    const last = await db.pg.query<{ id: number | null }>('select max(id)::int8 as id from _realtime.changes')
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
    return this.guarded(() => this.pg.query<T>(sql, params))
  }

  exec(sql: string): Promise<unknown> {
    return this.guarded(() => this.pg.exec(sql))
  }

  /** A superuser transaction; writes are refused as "disk full" while the disk is below the reserve. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.guarded(() => this.pg.transaction(fn))
  }

  /** The data folder's disk, or null for an in-memory database. */
  disk(): (DiskState & { message: string }) | null {
    return this.guard ? { ...this.guard.state, message: this.guard.message() } : null
  }

  /** Runs `work` after checking the disk, and reports a refused write as the disk-full error it is. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    if (this.guard) await this.watchDisk()
    try {
      return await work()
    } catch (err) {
      throw this.explain(err)
    }
  }

  /** Below the reserve every transaction starts read-only, so Postgres refuses writes before the WAL. */
  private async watchDisk(): Promise<void> {
    if (!this.guard || this.closed) return
    if (!this.diskTimer) {
      this.diskTimer = setInterval(() => void this.watchDisk().catch(() => {}), 500)
      this.diskTimer.unref()
    }
    const { full } = await this.guard.check()
    if (full === this.readOnlyForDisk || this.closed) return
    this.readOnlyForDisk = full
    await this.pg.exec(`set default_transaction_read_only = ${full ? 'on' : 'off'}`)
    if (full) console.error(`[embedded] ${this.guard.message()}`)
  }

  private explain(err: unknown): unknown {
    const code = (err as { code?: unknown } | null)?.code
    if (!this.guard || err instanceof DiskFullError) return err
    if ((code === '25006' && this.readOnlyForDisk) || code === '53100') {
      return new DiskFullError(this.guard.message())
    }
    return err
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
    return this.transaction(async (tx) => {
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
    const info = await loadTableInfo(this.pg, schema, table)
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
    if (this.diskTimer) clearInterval(this.diskTimer)
    await this.draining
    try {
      await this.pg.close()
    } finally {
      this.lock?.release()
    }
  }
}

/** A new database starts from a cached image of an initialised one instead of initdb and every migration. */
async function createPGlite(
  dir: string | undefined,
  kind: 'new' | 'database',
  reserve: number,
): Promise<PGlite> {
  if (kind === 'new') {
    const image = await loadInitialisedImage(() => Database.initialise())
    return PGlite.create({ dataDir: dir, loadDataDir: image })
  }
  try {
    return await PGlite.create({ dataDir: dir })
  } catch (err) {
    // A disk that filled up while starting is not a damaged folder: say so, or people throw data away.
    await checkRoomToOpen(dir!, reserve)
    throw new DataFolderError(
      'damaged',
      `The data folder ${dir} could not be opened as a Floorwatch database ` +
        `(${err instanceof Error ? err.message : String(err)}). Restore it from a backup, or move it aside ` +
        'to start afresh.',
    )
  }
}
