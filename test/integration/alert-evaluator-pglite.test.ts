// The alert evaluator on the embedded database (PGlite): one connection, so "at the same time" means
// transactions queued together; the real-Postgres tier runs them on separate connections.
import { describe } from 'vitest'
import { Database } from '../../src/main/embedded/db/database'
import { alertEvaluatorContract } from './alert-evaluator-contract'
import type { Claims, Row } from './database-contract-fixture'

describe('embedded database (PGlite)', () => {
  alertEvaluatorContract(async () => {
    const db = await Database.open()
    const as = (claims: Claims, sql: string, params: unknown[] = [], settings = {}) =>
      db.asRole(claims, (tx) => tx.query<Row>(sql, params).then((r) => r.rows), settings)
    return {
      admin: (sql, params = []) => db.query<Row>(sql, params).then((r) => r.rows),
      as,
      concurrently: (n, sql, params) =>
        Promise.all(Array.from({ length: n }, () => as({ role: 'service_role' }, sql, params))),
      close: () => db.close(),
    }
  })
})
