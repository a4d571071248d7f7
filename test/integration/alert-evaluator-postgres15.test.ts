// The alert evaluator on Debian's PostgreSQL 15 prepared like a hosted project (postgres15-project.ts):
// requests as PostgREST runs them, and "at the same time" on separate connections, each transaction open
// while the others evaluate, committed one after the other.
import type pg from 'pg'
import { alertEvaluatorContract } from './alert-evaluator-contract'
import type { Row } from './database-contract-fixture'
import { beginAs, commitAfter, describePostgres15, hostedProject } from './postgres15-project'

/** All `n` statements start before any commits; each commits as soon as its own statement returns. */
async function concurrently(clients: pg.Client[], sql: string, params: unknown[]): Promise<Row[][]> {
  for (const c of clients) await beginAs(c, { role: 'service_role' })
  const settled = await Promise.allSettled(clients.map((c) => commitAfter(c, sql, params)))
  const failed = settled.find((s) => s.status === 'rejected')
  if (failed) throw failed.reason
  return settled.map((s) => (s as PromiseFulfilledResult<Row[]>).value)
}

describePostgres15(() =>
  alertEvaluatorContract(async () => {
    const project = await hostedProject()
    const pool = await Promise.all(Array.from({ length: 6 }, () => project.connectApi()))
    return {
      admin: project.admin,
      as: (claims, sql, params = []) => project.as(claims, sql, params),
      concurrently: (n, sql, params) => concurrently(pool.slice(0, n), sql, params),
      close: project.close,
    }
  }),
)
