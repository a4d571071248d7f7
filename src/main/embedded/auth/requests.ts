// What every Auth handler needs from a request: the API key gate, the JSON body, the signed-in user.
import { parseJson } from '../http/json'
import { HttpError, type Ctx } from '../http/router'
import type { BackendContext } from '../context'
import type { JwtClaims } from '../jwt'
import { authError } from './errors'
import { sessionExists } from './sessions'
import { findUserById, type UserRow } from './users'

/** The gateway in front of GoTrue on a Supabase project refuses requests without a valid project key. */
export function requireApiKey(ctx: BackendContext, r: Ctx): void {
  const header = r.req.headers.apikey
  const key = (typeof header === 'string' && header) || r.url.searchParams.get('apikey')
  if (!key) {
    throw gatewayError('No API key found in request', 'No `apikey` request header or url param was found.')
  }
  const verified = ctx.verify(key)
  if (!verified.ok || !['anon', 'service_role'].includes(verified.claims.role)) {
    throw gatewayError('Invalid API key', 'Double check your Supabase `anon` or `service_role` API key.')
  }
}

// The gateway's own answer (no GoTrue error code): 401 with a message and a hint.
const gatewayError = (message: string, hint: string): HttpError => new HttpError(401, { message, hint })

export async function jsonBody(r: Ctx): Promise<Record<string, unknown>> {
  const raw = (await r.body()).toString('utf8')
  let parsed: unknown
  try {
    parsed = parseJson(raw)
  } catch (err) {
    const why = raw.trim() === '' ? 'unexpected end of JSON input' : (err as Error).message
    throw authError(400, 'bad_json', `Could not parse request body as JSON: ${why}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw authError(400, 'bad_json', 'Could not parse request body as JSON: expected a JSON object')
  }
  return parsed as Record<string, unknown>
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The issuer GoTrue would put in tokens: this server's own `/auth/v1` URL as the client reached it. */
export function issuer(r: Ctx): string {
  return `http://${r.req.headers.host ?? '127.0.0.1'}/auth/v1`
}

const JWT_REASONS: Record<string, string> = {
  malformed: 'token is malformed',
  signature: 'signature is invalid',
  expired: 'token has invalid claims: token is expired',
  claims: 'token has invalid claims',
}

/** GoTrue's requireAuthentication: a user JWT whose user and session still exist. */
export async function requireUser(
  ctx: BackendContext,
  r: Ctx,
): Promise<{ user: UserRow; claims: JwtClaims; sessionId: string | null }> {
  const header = r.req.headers.authorization ?? ''
  const match = /^bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw authError(401, 'no_authorization', 'This endpoint requires a valid Bearer token')
  const verified = ctx.verify(match[1]!)
  if (!verified.ok) {
    const why = JWT_REASONS[verified.reason] ?? verified.message
    throw authError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${why}`)
  }
  const { claims } = verified
  if (typeof claims.sub !== 'string' || !claims.sub) {
    throw authError(403, 'bad_jwt', 'invalid claim: missing sub claim')
  }
  const user = await findUserById(ctx.db, claims.sub)
  if (!user) throw authError(403, 'user_not_found', 'User from sub claim in JWT does not exist')
  const sessionId = typeof claims.session_id === 'string' && claims.session_id ? claims.session_id : null
  if (sessionId && !(await sessionExists(ctx, sessionId))) {
    throw authError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist')
  }
  return { user, claims, sessionId }
}
