// The intraday rollups on Debian's PostgreSQL 15 prepared like a hosted project (test/real-postgres): the
// migrations as `supabase db push` applies them, requests as PostgREST runs them (through `authenticator`).
import { describe, it } from 'vitest'
import type pg from 'pg'
import { MIGRATIONS_DIR } from '../../src/main/embedded/paths'
import { missingPostgres, startCluster } from '../real-postgres/cluster'
import { rollupsContract } from './rollups-contract'
import type { Claims, Row } from './database-contract-fixture'

async function request(client: pg.Client, claims: Claims, sql: string, params: unknown[]): Promise<Row[]> {
  await client.query('begin')
  try {
    await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
      claims.role,
      JSON.stringify(claims),
    ])
    const rows = (await client.query<Row>(sql, params)).rows
    await client.query('commit')
    return rows
  } catch (err) {
    await client.query('rollback')
    throw err
  }
}

const missing = missingPostgres()
const required = process.env.FLOORWATCH_REQUIRE_PG15 === '1'
if (missing && !required) {
  describe('PostgreSQL 15 tier', () => {
    it.skip(`skipped: ${missing}`, () => {})
  })
}

describe.skipIf(missing && !required)('PostgreSQL 15 prepared like a hosted Supabase project', () => {
  rollupsContract(async () => {
    const cluster = await startCluster(process.env.FLOORWATCH_MIGRATIONS_DIR ?? MIGRATIONS_DIR)
    const admin = await cluster.connect('supabase_admin')
    const api = await cluster.connect('authenticator')
    return {
      admin: (sql, params = []) => admin.query<Row>(sql, params).then((r) => r.rows),
      as: (claims, sql, params = []) => request(api, claims, sql, params),
      close: async () => {
        await Promise.allSettled([admin.end(), api.end()])
        await cluster.stop()
      },
    }
  })
})
