// Shared by the *-postgres15 tests: Debian's PostgreSQL 15 prepared like a hosted project (test/real-postgres),
// the migrations applied as `supabase db push` applies them, and requests run as PostgREST runs them: one
// transaction through `authenticator` with SET LOCAL ROLE, the claims and the role's own settings.
import { describe, it } from 'vitest'
import type pg from 'pg'
import { MIGRATIONS_DIR } from '../../src/main/embedded/paths'
import { missingPostgres, startCluster } from '../real-postgres/cluster'
import type { Claims, Row } from './database-contract-fixture'

const ROLE_SETTINGS = `select set_config(split_part(c, '=', 1), substr(c, strpos(c, '=') + 1), true)
  from pg_db_role_setting s cross join unnest(s.setconfig) c where s.setrole = to_regrole($1) and s.setdatabase = 0`

/** Opens a PostgREST-like transaction as `claims.role` with the role's settings and `settings`. */
export async function beginAs(
  client: pg.Client,
  claims: Claims,
  settings: Record<string, string> = {},
): Promise<void> {
  await client.query('begin')
  await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
    claims.role,
    JSON.stringify(claims),
  ])
  await client.query(ROLE_SETTINGS, [claims.role])
  for (const [k, v] of Object.entries(settings)) await client.query('select set_config($1, $2, true)', [k, v])
}

/** Runs `sql` in the open transaction and commits it, or rolls back and throws. */
export async function commitAfter(client: pg.Client, sql: string, params: unknown[]): Promise<Row[]> {
  try {
    const rows = (await client.query<Row>(sql, params)).rows
    await client.query('commit')
    return rows
  } catch (err) {
    await client.query('rollback')
    throw err
  }
}

export interface HostedProject {
  /** Runs as supabase_admin (what the dashboard's SQL editor and migrations use). */
  admin: (sql: string, params?: unknown[]) => Promise<Row[]>
  /** One PostgREST request as `claims.role`. */
  as: (claims: Claims, sql: string, params?: unknown[], settings?: Record<string, string>) => Promise<Row[]>
  /** Another connection as `authenticator`, closed with the project. */
  connectApi: () => Promise<pg.Client>
  close: () => Promise<void>
}

export async function hostedProject(): Promise<HostedProject> {
  const cluster = await startCluster(process.env.FLOORWATCH_MIGRATIONS_DIR ?? MIGRATIONS_DIR)
  const admin = await cluster.connect('supabase_admin')
  const api = await cluster.connect('authenticator')
  const clients = [admin, api]
  return {
    admin: (sql, params = []) => admin.query<Row>(sql, params).then((r) => r.rows),
    as: async (claims, sql, params = [], settings = {}) => {
      await beginAs(api, claims, settings)
      return commitAfter(api, sql, params)
    },
    connectApi: async () => {
      const client = await cluster.connect('authenticator')
      clients.push(client)
      return client
    },
    close: async () => {
      await Promise.allSettled(clients.map((c) => c.end()))
      await cluster.stop()
    },
  }
}

/**
 * The tier's describe(): without the binaries it is skipped with its reason, on a developer's machine only;
 * .ci/run installs them and sets FLOORWATCH_REQUIRE_PG15=1, so CI fails instead of skipping.
 */
export function describePostgres15(body: () => void): void {
  const missing = missingPostgres()
  const required = process.env.FLOORWATCH_REQUIRE_PG15 === '1'
  if (missing && !required) {
    console.warn(`real-Postgres tier skipped: ${missing}`)
    describe('PostgreSQL 15 tier', () => {
      it.skip(`skipped: ${missing}`, () => {})
    })
  }
  describe.skipIf(missing && !required)('PostgreSQL 15 prepared like a hosted Supabase project', body)
}
