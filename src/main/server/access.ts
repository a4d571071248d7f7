// Who may use the headless console. On loopback with no tokens configured, anyone on this machine has full
// access. With tokens, every request needs one: the console token for full access; a wall display's device
// token (Settings → Wall displays) or the `--wall-token` for a read-only display. Tokens come as
// `Authorization: Bearer …` or `?token=…` (browsers cannot set headers on a WebSocket or an EventSource).
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { AccessRefusal } from '../../shared/walls'
import type { WallDevices } from './wall-devices'

export type Access = 'full' | 'read-only'

export interface AccessTokens {
  console?: string
  wall?: string
}

/** Who a request is: a supervisor (full access) or a wall display (read-only), by device when it has one. */
export type Identity =
  { access: 'full' } | { access: 'read-only'; device: { id: string; name: string } | null }

export type Authenticated = { ok: true; who: Identity } | { ok: false; refusal: AccessRefusal }

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function givenToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization
  // The auth scheme is case-insensitive (RFC 9110 §11.1): `bearer` and `BEARER` are the same scheme.
  const scheme = header ? /^bearer\s+(.+)$/i.exec(header) : null
  return scheme ? scheme[1]!.trim() : url.searchParams.get('token')
}

/**
 * Whether tokens are needed at all: with neither token configured, this machine is trusted (loopback only),
 * and wall devices made there still get their own identity and are refused once revoked.
 */
export function tokensRequired(tokens: AccessTokens): boolean {
  return !!tokens.console || !!tokens.wall
}

export function authenticate(
  tokens: AccessTokens,
  devices: WallDevices | undefined,
  req: IncomingMessage,
  url: URL,
): Authenticated {
  const given = givenToken(req, url)
  if (!given) {
    if (!tokensRequired(tokens)) return { ok: true, who: { access: 'full' } }
    return refuse(
      'missing',
      'This screen has no access token. Open the address given in Settings → Wall displays.',
    )
  }
  if (tokens.console && same(given, tokens.console)) return { ok: true, who: { access: 'full' } }
  if (tokens.wall && same(given, tokens.wall)) return { ok: true, who: { access: 'read-only', device: null } }
  const match = devices?.match(given)
  if (match && !match.revoked) {
    return {
      ok: true,
      who: { access: 'read-only', device: { id: match.device.id, name: match.device.name } },
    }
  }
  if (match) {
    return refuse(
      'revoked',
      `The access of the wall display "${match.device.name}" was revoked on ${match.device.revokedAt}. Ask a supervisor for a new one (Settings → Wall displays).`,
    )
  }
  if (!tokensRequired(tokens)) return { ok: true, who: { access: 'full' } }
  return refuse(
    'wrong',
    'This access token is not valid here. Check the address, or ask a supervisor for a new one.',
  )
}

function refuse(reason: AccessRefusal['reason'], message: string): Authenticated {
  return { ok: false, refusal: { reason, message } }
}

/** The plain access level, for callers that do not care which device. */
export function accessFor(tokens: AccessTokens, req: IncomingMessage, url: URL): Access | null {
  const a = authenticate(tokens, undefined, req, url)
  return a.ok ? a.who.access : null
}
