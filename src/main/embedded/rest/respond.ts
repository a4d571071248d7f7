// Status codes and headers as PostgREST sets them (Response.hs, RangeQuery.hs). supabase-js reads the
// count from Content-Range and only when it asked for one; the statuses are what apps branch on.
import { CORS_HEADERS } from '../http/router'
import { pgrstError } from './errors'
import { contentType } from './media'
import type { RestRequest } from './request'

/** `first-last/total`; `*` for the range when it is empty (or the total is 0), `*` for an unknown total. */
export function contentRange(lower: number, upper: number, total: number | null): string {
  const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*'
  return `${range}/${total ?? '*'}`
}

/** 200, 206 for a partial page of a counted result, 416 for an offset past the end. */
export function rangeStatus(lower: number, upper: number, total: number | null): number {
  if (total === null) return 200
  if (lower > total) {
    throw pgrstError(
      416,
      'PGRST103',
      'Requested range not satisfiable',
      `An offset of ${lower} was requested, but there are only ${total} rows.`,
      null,
      { 'Content-Range': `*/${total}` },
    )
  }
  return 1 + upper - lower < total ? 206 : 200
}

export interface Reply {
  status: number
  /** Rendered body; null = no body. */
  body: string | null
  headers?: Record<string, string>
}

export function send(rq: RestRequest, reply: Reply): void {
  const { res } = rq.http
  const body = rq.head ? null : reply.body
  const headers: Record<string, string> = { ...CORS_HEADERS, ...reply.headers }
  if (reply.body !== null) headers['Content-Type'] = contentType(rq.media)
  if (rq.prefer.applied.length > 0) headers['Preference-Applied'] = rq.prefer.applied.join(', ')
  res.writeHead(reply.status, headers)
  res.end(body ?? '')
}
