// Which requests the headless console answers at all. Tokens say *who* may use it; this says *from where*:
// a web page on another origin must not drive the bridge or read the API (with no token, the default, it
// would otherwise get full control), and a DNS-rebinding page, same-origin with a hostname it controls, is
// told apart by its Host header. So every request must name this console by a loopback name or the host it
// was configured with, and bridge and API requests that come from a page must come from the console's own.
import type { IncomingMessage } from 'node:http'
import { hostname, networkInterfaces } from 'node:os'

export interface Refusal {
  status: 403
  message: string
}

export interface OriginGuard {
  /** Null when the request may proceed. `api` = bridge, SSE and every /api route. */
  check(req: IncomingMessage, api: boolean): Refusal | null
}

const WILDCARD = new Set(['0.0.0.0', '::', '[::]'])

/** Host names that reach this machine only: an attacker cannot serve a page under them. */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase().replace(/^\[|\]$/g, '')
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true
  return /^127(?:\.\d{1,3}){3}$/.test(host)
}

/**
 * The names this console answers to: loopback names, the configured host, and for a wildcard bind every
 * address of this machine and its host name (what a wall display on the network would type).
 */
export function allowedHostNames(configuredHost: string): (name: string) => boolean {
  const extra = new Set<string>()
  const add = (h: string): void => void extra.add(h.toLowerCase().replace(/^\[|\]$/g, ''))
  if (WILDCARD.has(configuredHost)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address)
    add(hostname())
    add(`${hostname()}.local`)
  } else {
    add(configuredHost)
  }
  return (name) => isLoopbackName(name) || extra.has(name.toLowerCase().replace(/^\[|\]$/g, ''))
}

/** `host[:port]` → its parts; null when it does not parse. */
function parseHostHeader(value: string): { name: string; port: string } | null {
  try {
    const url = new URL(`http://${value}`)
    if (url.username || url.password || url.pathname !== '/') return null
    return { name: url.hostname, port: url.port || '80' }
  } catch {
    return null
  }
}

export function originGuard(configuredHost: string, port: () => number): OriginGuard {
  const allowed = allowedHostNames(configuredHost)
  const refuse = (message: string): Refusal => ({ status: 403, message })
  return {
    check(req, api) {
      const host = parseHostHeader(req.headers.host ?? '')
      if (!host || !allowed(host.name)) {
        return refuse(
          `This console does not answer to the host name "${req.headers.host ?? ''}". ` +
            'Open it as http://127.0.0.1 or http://localhost, or by the name given with --host.',
        )
      }
      if (!api) return null
      const origin = req.headers.origin
      if (origin !== undefined) {
        return ownOrigin(origin, allowed, port()) ? null : refuse(`Requests from ${origin} are not accepted.`)
      }
      // No Origin (a plain GET): Fetch Metadata still tells a page on another origin from the console's
      // own page, a typed address ("none") or a program that sends no such header.
      const site = req.headers['sec-fetch-site']
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        return refuse('Requests from another web page are not accepted.')
      }
      return null
    },
  }
}

function ownOrigin(origin: string, allowed: (name: string) => boolean, port: number): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false // "null" (sandboxed frames, file: pages) included
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
  const originPort = url.port || (url.protocol === 'https:' ? '443' : '80')
  return allowed(url.hostname) && originPort === String(port)
}
