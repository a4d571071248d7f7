// The headless console's HTTP server: the built renderer, the RendererApi bridge over WebSocket, a
// Server-Sent Events stream for integrations, and a JSON health endpoint for monitoring the monitor.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AppInfo } from '../../shared/contract'
import { createHandlers } from '../core/api'
import type { FloorConsole } from '../core/console-types'
import { authenticate, type AccessTokens, type Authenticated } from './access'
import { attachBridge } from './bridge'
import { originGuard } from './origin-guard'
import { serveStream } from './sse'
import { SECURITY_HEADERS, staticFiles } from './static-files'
import { parseAnnouncement } from '../../shared/walls'
import { WallDevices } from './wall-devices'
import { WallHub } from './wall-hub'

export interface ConsoleServerOptions {
  engine: FloorConsole
  /** Read per call: the backend can change (Settings → Connect). */
  info: () => Omit<AppInfo, 'readOnly'>
  rendererDir: string
  host?: string
  port?: number
  tokens?: AccessTokens
  /** Browser wall display devices (named tokens, revocable); in memory when not given. */
  walls?: WallDevices
}

export interface ConsoleServer {
  url: string
  server: Server
  walls: WallHub
  close(): Promise<void>
}

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const tokens = opts.tokens ?? {}
  const host = opts.host ?? '127.0.0.1'
  if (!isLoopback(host) && !tokens.console && !tokens.wall) {
    throw new Error(`--host ${host} exposes the console beyond this machine: give an access token (--token).`)
  }
  const files = staticFiles(opts.rendererDir)
  const hub = new WallHub(opts.walls ?? new WallDevices(null))
  const offAnnouncements = opts.engine.onAnnouncement((payload) => {
    const a = parseAnnouncement(payload)
    if (a) hub.remember(a)
  })
  // This console is counted in the org's presence as the screens it serves (none yet), not as itself.
  const announceScreens = () => opts.engine.setScreens?.(hub.screens())
  announceScreens()
  const offScreens = hub.onChange(announceScreens)
  const auth = (req: IncomingMessage, url: URL) => authenticate(tokens, hub.devices, req, url)
  const guard = originGuard(host, () => (server.address() as AddressInfo | null)?.port ?? 0)
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const refusal = guard.check(req, url.pathname.startsWith('/api/'))
    if (refusal) {
      res.writeHead(refusal.status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: refusal.message }))
      return
    }
    if (url.pathname.startsWith('/api/')) {
      const who = auth(req, url)
      // A screen whose bridge is refused asks here why, to say so in words (a WebSocket cannot read a 401).
      if (url.pathname === '/api/access') return answerAccess(res, who)
      if (!who.ok) {
        res.writeHead(401, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
        res.end(
          JSON.stringify({
            error: `A valid access token is required (Authorization: Bearer … or ?token=…): ${who.refusal.message}`,
          }),
        )
        return
      }
      if (url.pathname === '/api/stream') return serveStream(opts.engine, req, res, url)
      if (url.pathname !== '/api/health') {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: `No API route ${url.pathname}` }))
        return
      }
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
      })
      res.end(JSON.stringify(opts.engine.health()))
      return
    }
    void files(req, res)
  })
  // Each bridge connection learns whether it is read-only through app:info.
  const bridge = attachBridge(
    server,
    opts.engine,
    (who) =>
      createHandlers(opts.engine, () => ({ ...opts.info(), readOnly: who.access === 'read-only' }), hub),
    (req, url) => guard.check(req, true) ?? auth(req, url),
    hub,
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${opts.port} is in use; pick another with --port N.`)
          : err,
      ),
    )
    server.listen(opts.port ?? 0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/`,
    server,
    walls: hub,
    close: async () => {
      offAnnouncements()
      offScreens()
      await bridge.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function answerAccess(res: ServerResponse, who: Authenticated): void {
  res.writeHead(who.ok ? 200 : 401, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
  })
  res.end(JSON.stringify(who.ok ? { ok: true, access: who.who.access } : { ok: false, ...who.refusal }))
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1'
}
