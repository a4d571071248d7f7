// Who may use the headless console. On loopback with no tokens configured, anyone on this machine has full
// access. With tokens, every request needs one: the console token for full access, the wall token for a
// read-only display. Tokens come as `Authorization: Bearer …` or `?token=…` (browsers cannot set headers
// on a WebSocket or an EventSource).
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export type Access = 'full' | 'read-only'

export interface AccessTokens {
  console?: string
  wall?: string
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function accessFor(tokens: AccessTokens, req: IncomingMessage, url: URL): Access | null {
  if (!tokens.console && !tokens.wall) return 'full'
  const header = req.headers.authorization
  // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same scheme.
  const scheme = header ? /^bearer\s+(.+)$/i.exec(header) : null
  const given = scheme ? scheme[1]!.trim() : url.searchParams.get('token')
  if (!given) return null
  if (tokens.console && same(given, tokens.console)) return 'full'
  if (tokens.wall && same(given, tokens.wall)) return 'read-only'
  return null
}
