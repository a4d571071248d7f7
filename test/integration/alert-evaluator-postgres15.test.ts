// The alert evaluator on Debian's PostgreSQL 15 prepared like a hosted project (test/real-postgres): requests
// as PostgREST runs them, and "at the same time" on separate connections, each transaction open while the
// others evaluate, committed one after the other.
import { describe } from 'vitest'
import type pg from 'pg'
import { MIGRATIONS_DIR } from '../../src/main/embedded/paths'
import { startCluster } from '../real-postgres/cluster'
import { alertEvaluatorContract } from './alert-evaluator-contract'
import type { Claims, Row } from './database-contract-fixture'

async function begin(client: pg.Client, claims: Claims): Promise<void> {
  await client.query('begin')
  await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
    claims.role,
    JSON.stringify(claims),
  ])
}

async function request(client: pg.Client, claims: Claims, sql: string, params: unknown[]): Promise<Row[]> {
  await begin(client, claims)
  try {
    const rows = (await client.query<Row>(sql, params)).rows
    await client.query('commit')
    return rows
  } catch (err) {
    await client.query('rollback')
    throw err
  }
}

/** All `n` statements start before any commits; each commits as soon as its own statement returns. */
async function concurrently(clients: pg.Client[], sql: string, params: unknown[]): Promise<Row[][]> {
  for (const c of clients) await begin(c, { role: 'service_role' })
  const settled = await Promise.allSettled(
    clients.map(async (c) => {
      try {
        const rows = (await c.query<Row>(sql, params)).rows
        await c.query('commit')
        return rows
      } catch (err) {
        await c.query('rollback')
        throw err
      }
    }),
  )
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((s) => (s as PromiseFulfilledResult<Row[]>).value)
}

describe('PostgreSQL 15 prepared like a hosted Supabase project', () => {
  alertEvaluatorContract(async () => {
    const cluster = await startCluster(process.env.FLOORWATCH_MIGRATIONS_DIR ?? MIGRATIONS_DIR)
    const admin = await cluster.connect('supabase_admin')
    const api = await cluster.connect('authenticator')
    const pool = await Promise.all(Array.from({ length: 6 }, () => cluster.connect('authenticator')))
    return {
      admin: (sql, params = []) => admin.query<Row>(sql, params).then((r) => r.rows),
      as: (claims, sql, params = []) => request(api, claims, sql, params),
      concurrently: (n, sql, params) => concurrently(pool.slice(0, n), sql, params),
      close: async () => {
        await Promise.allSettled([admin.end(), api.end(), ...pool.map((c) => c.end())])
        await cluster.stop()
      },
    }
  })
})
