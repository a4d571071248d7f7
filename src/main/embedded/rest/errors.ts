// PostgREST-shaped errors: `{ code, details, hint, message }` with the status PostgREST would answer.
// supabase-js hands the body to the app unchanged, so codes and statuses are part of the contract.
import { HttpError } from '../http/router'

export interface PgrstBody {
  code: string
  details: string | null
  hint: string | null
  message: string
}

export function pgrstError(
  status: number,
  code: string,
  message: string,
  details: string | null = null,
  hint: string | null = null,
  headers: Record<string, string> = {},
): HttpError {
  const body: PgrstBody = { code, details, hint, message }
  return new HttpError(status, body, headers)
}

/** 400 PGRST100: a query parameter that does not parse. */
export const parseError = (what: string, input: string, details: string): HttpError =>
  pgrstError(400, 'PGRST100', `failed to parse ${what} (${input})`, details)

export const unknownColumn = (table: string, column: string): HttpError =>
  pgrstError(400, '42703', `column ${table}.${column} does not exist`)

export const unknownBodyColumn = (table: string, column: string): HttpError =>
  pgrstError(400, 'PGRST204', `Could not find the '${column}' column of '${table}' in the schema cache`)

export const unknownTable = (schema: string, table: string): HttpError =>
  pgrstError(404, 'PGRST205', `Could not find the table '${schema}.${table}' in the schema cache`)

export const invalidBody = (details: string | null = null): HttpError =>
  pgrstError(400, 'PGRST102', 'Empty or invalid json', details)

export const notSingle = (rows: number): HttpError =>
  pgrstError(
    406,
    'PGRST116',
    'Cannot coerce the result to a single JSON object',
    `The result contains ${rows} rows`,
  )

interface PgErrorLike {
  code: string
  message: string
  detail?: string
  hint?: string
}

function isPgError(err: unknown): err is PgErrorLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as { code: string }).code)
  )
}

/** PostgREST's SQLSTATE → HTTP status table (pgrst Error.hs). */
export function statusForSqlState(code: string, authenticated: boolean, message = ''): number {
  const exact: Record<string, number> = {
    '23503': 409,
    '23505': 409,
    '25006': 405,
    '53400': 500,
    '57P01': 503,
    P0001: 400,
    '42883': 404,
    '42P01': 404,
    '42P17': 500,
    '42501': authenticated ? 403 : 401,
  }
  if (code in exact) return exact[code]!
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500
  if (code.startsWith('PT')) {
    const n = Number(code.slice(2))
    return n >= 100 && n <= 599 ? n : 500
  }
  const byClass: Record<string, number> = {
    '08': 503,
    '09': 500,
    '0L': 403,
    '0P': 403,
    '25': 500,
    '28': 403,
    '2D': 500,
    '38': 500,
    '39': 500,
    '3B': 500,
    '40': 500,
    '53': 503,
    '54': 500,
    '55': 500,
    '57': 500,
    '58': 500,
    F0: 500,
    HV: 500,
    P0: 500,
    XX: 500,
  }
  return byClass[code.slice(0, 2)] ?? 400
}

/**
 * Turns anything thrown while serving a request into the response PostgREST would send. `role` is the
 * request's database role: permission errors are 401 for anon (ask for credentials) and 403 otherwise.
 */
export function toHttpError(err: unknown, role: string): unknown {
  if (err instanceof HttpError || !isPgError(err)) return err
  const authenticated = role !== 'anon'
  const status = statusForSqlState(err.code, authenticated, err.message)
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}
  return pgrstError(status, err.code, err.message, err.detail ?? null, err.hint ?? null, headers)
}
