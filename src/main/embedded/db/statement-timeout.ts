// The API roles' statement timeouts (anon 3 s, authenticated 8 s, as on a hosted project) for REST requests,
// enforced after the fact: PGlite runs in WebAssembly without the timer signal Postgres cancels a statement
// with, so a statement always runs to its end. A request that took longer than its role's timeout is then
// rolled back and fails with the error Postgres gives when it cancels one: never committed, never answered
// as if the hosted project would have answered it. The difference left is when the error arrives.
import type { Transaction } from '@electric-sql/pglite'

const TIMEOUT_MS = `select setting::int as ms from pg_settings where name = 'statement_timeout'`

/** Postgres' own error for a cancelled statement (SQLSTATE 57014, query_canceled). */
export class StatementTimeout extends Error {
  readonly code = '57014'
  constructor(readonly limitMs: number) {
    super('canceling statement due to statement timeout')
  }
}

/**
 * Runs `work` in `tx` (already switched to the role and its settings) and throws `StatementTimeout` when it
 * outlasted the `statement_timeout` in force, so the surrounding transaction rolls back.
 */
export async function withinStatementTimeout<T>(
  tx: Transaction,
  work: () => Promise<T>,
  now: () => number = () => performance.now(),
): Promise<T> {
  const limitMs = (await tx.query<{ ms: number }>(TIMEOUT_MS)).rows[0]?.ms ?? 0
  const started = now()
  const value = await work()
  if (limitMs > 0 && now() - started > limitMs) throw new StatementTimeout(limitMs)
  return value
}
