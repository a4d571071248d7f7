// Token checks as Realtime makes them at connect, join and on access_token pushes: a JWT signed with the
// project secret that carries `role` and `exp`, with the real server's error texts.
import type { IncomingMessage } from 'node:http'
import type { BackendContext } from '../context'
import type { JwtClaims } from '../jwt'

export type TokenCheck =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'claims'; message: string }

export function checkToken(ctx: BackendContext, token: string): TokenCheck {
  const result = ctx.verify(token)
  if (result.ok) return { ok: true, claims: result.claims }
  switch (result.reason) {
    case 'malformed':
      return { ok: false, reason: 'malformed', message: 'The token provided is not a valid JWT' }
    case 'signature':
      return { ok: false, reason: 'signature', message: 'Failed to validate JWT signature' }
    default:
      return { ok: false, reason: result.reason, message: result.message }
  }
}

/** The `reason` of a join error reply for a bad token (`<Code>: <message>`). */
export function joinErrorReason(check: Extract<TokenCheck, { ok: false }>): string {
  if (check.reason === 'malformed') return `MalformedJWT: ${check.message}`
  if (check.reason === 'signature') return `JwtSignatureError: ${check.message}`
  return `InvalidJWTToken: ${check.message}`
}

/** The connection token: the gateway's `x-api-key` header, else the `apikey` query parameter. */
export function connectToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers['x-api-key']
  if (typeof header === 'string' && header) return header
  return url.searchParams.get('apikey') || null
}

/** The body of the refused upgrade: connect-time wording differs slightly from join-time wording. */
export function connectError(ctx: BackendContext, token: string | null): string | null {
  if (!token) return 'API key is missing'
  const check = checkToken(ctx, token)
  if (check.ok) return null
  return check.reason === 'expired' ? 'Token has expired' : check.message
}

/** New-format keys (`sb_…`) are never JWTs; the real server ignores them in join payloads and pushes. */
export const isOpaqueKey = (token: string): boolean => token.startsWith('sb_')
