// HS256 JSON Web Tokens, as GoTrue issues them and Realtime/PostgREST verify them.
import { createHmac, timingSafeEqual } from 'node:crypto'

export type JwtClaims = {
  role: string
  exp: number
  iat?: number
  sub?: string
  aud?: string | string[]
  iss?: string
  email?: string
  session_id?: string
  [claim: string]: unknown
}

export type JwtResult =
  | { ok: true; claims: JwtClaims }
  | {
      ok: false
      reason: 'malformed' | 'signature' | 'expired' | 'claims'
      message: string
      expiredFor?: number
    }

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export function signJwt(claims: JwtClaims, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify(claims))
  const sig = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url')
  return `${header}.${body}.${sig}`
}

/** Verifies signature and expiry; `nowSec` is injectable so tests control time. */
export function verifyJwt(token: string, secret: string, nowSec = Math.floor(Date.now() / 1000)): JwtResult {
  const parts = token.split('.')
  if (parts.length !== 3) {
    return { ok: false, reason: 'malformed', message: `Expected 3 parts in JWT; got ${parts.length}` }
  }
  const [h, b, s] = parts as [string, string, string]
  let header: unknown
  let claims: unknown
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(b, 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed', message: 'The token provided is not a valid JWT' }
  }
  if (!isRecord(header) || header.alg !== 'HS256' || !isRecord(claims)) {
    return { ok: false, reason: 'malformed', message: 'The token provided is not a valid JWT' }
  }
  const expected = createHmac('sha256', secret).update(`${h}.${b}`).digest()
  const given = Buffer.from(s, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature', message: 'Failed to validate JWT signature' }
  }
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    return { ok: false, reason: 'claims', message: 'Fields `role` and `exp` are required in JWT' }
  }
  if (claims.exp <= nowSec) {
    const expiredFor = nowSec - claims.exp
    return {
      ok: false,
      reason: 'expired',
      message: `Token has expired ${expiredFor} seconds ago`,
      expiredFor,
    }
  }
  return { ok: true, claims: claims as JwtClaims }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
