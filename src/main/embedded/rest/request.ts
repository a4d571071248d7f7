// What every REST request goes through: the caller's JWT becomes a database role and claims, the
// schema profile is checked, and the work runs in one transaction as that role so grants and RLS decide.
import type { Transaction } from '@electric-sql/pglite'
import type { BackendContext } from '../context'
import type { Claims } from '../db/database'
import { withinStatementTimeout } from '../db/statement-timeout'
import { requestToken, type Ctx } from '../http/router'
import { pgrstError, toHttpError } from './errors'
import { negotiate, type Media } from './media'
import { parsePrefer, type Prefer } from './prefer'
import { Params } from './sql-builder'

const API_ROLES = new Set(['anon', 'authenticated', 'service_role'])
export const EXPOSED_SCHEMA = 'public'

export interface RestRequest {
  http: Ctx
  claims: Claims
  role: string
  media: Media
  prefer: Prefer
  /** GET and HEAD run read-only, as in PostgREST. */
  readOnly: boolean
  head: boolean
}

export function prepare(ctx: BackendContext, http: Ctx): RestRequest {
  const claims = authenticate(ctx, http)
  const method = http.req.method ?? 'GET'
  const readOnly = method === 'GET' || method === 'HEAD'
  checkSchema(http.req.headers[readOnly ? 'accept-profile' : 'content-profile'])
  return {
    http,
    claims,
    role: claims.role,
    media: negotiate(http.req.headers.accept),
    prefer: parsePrefer(http.req.headers.prefer),
    readOnly,
    head: method === 'HEAD',
  }
}

function authenticate(ctx: BackendContext, http: Ctx): Claims {
  const token = requestToken(http)
  if (!token) return { role: 'anon' }
  const result = ctx.verify(token)
  if (!result.ok) {
    const expired = result.reason === 'expired'
    const message = expired ? 'JWT expired' : result.message
    throw pgrstError(401, expired ? 'PGRST303' : 'PGRST301', message, null, null, {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    })
  }
  if (!API_ROLES.has(result.claims.role)) {
    throw pgrstError(401, '22023', `role "${result.claims.role}" does not exist`)
  }
  return result.claims as Claims
}

function checkSchema(profile: string | string[] | undefined): void {
  const schema = Array.isArray(profile) ? profile[0] : profile
  if (schema === undefined || schema === EXPOSED_SCHEMA) return
  throw pgrstError(
    406,
    'PGRST106',
    `Invalid schema: ${schema}`,
    null,
    `Only the following schemas are exposed: ${EXPOSED_SCHEMA}`,
  )
}

/** Thrown inside the transaction to undo it (`Prefer: tx=rollback`) while still answering with `value`. */
class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback')
  }
}

/** A query runner bound to the request's transaction: parameters go to Postgres as text, untouched. */
export type Run = <R>(sql: string, params: (string | null)[]) => Promise<{ rows: R[]; affectedRows?: number }>

const TEXT_SERIALIZERS = new Proxy({} as Record<number, (v: unknown) => string>, {
  get: () => (v: unknown) => String(v),
})

export async function inTransaction<T>(
  ctx: BackendContext,
  rq: RestRequest,
  work: (run: Run) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.asRole(rq.claims, async (tx: Transaction) => {
      const run: Run = (sql, params) => tx.query(sql, params, { serializers: TEXT_SERIALIZERS })
      await applySettings(run, rq)
      // PostgREST applies the role's settings, statement_timeout included (Realtime's own checks do not).
      const value = await withinStatementTimeout(tx, () => work(run))
      if (rq.prefer.rollback) throw new Rollback(value)
      return value
    })
  } catch (err) {
    if (err instanceof Rollback) return err.value as T
    throw toHttpError(err, rq.role)
  }
}

/** PostgREST's request GUCs, in one round trip; GET and HEAD also become read-only transactions. */
async function applySettings(run: Run, rq: RestRequest): Promise<void> {
  const { req, url } = rq.http
  const settings: [string, string][] = [
    ['request.method', req.method ?? 'GET'],
    ['request.path', url.pathname],
    ['request.headers', JSON.stringify(req.headers)],
  ]
  if (rq.readOnly) settings.push(['transaction_read_only', 'on'])
  const params = new Params()
  const calls = settings.map(([k, v]) => `set_config(${params.add(k)}, ${params.add(v)}, true)`)
  await run(`select ${calls.join(', ')}`, params.values)
}
