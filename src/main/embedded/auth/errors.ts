// GoTrue's response conventions: every answer carries `X-Supabase-Api-Version`, and errors are
// `{ code, message }` so that supabase-js (which sends 2024-01-01) fills `error.code` from `code`.
import type { ServerResponse } from 'node:http'
import { HttpError, sendJson } from '../http/router'

export const API_VERSION_HEADER = { 'X-Supabase-Api-Version': '2024-01-01' }

export function authError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): HttpError {
  return new HttpError(status, { code, message, ...extra }, API_VERSION_HEADER)
}

/** A success answer; no body (204) when `body` is undefined. */
export function sendAuth(res: ServerResponse, status: number, body?: unknown): void {
  sendJson(res, status, body, API_VERSION_HEADER)
}

export const invalidCredentials = (): HttpError =>
  authError(400, 'invalid_credentials', 'Invalid login credentials')
