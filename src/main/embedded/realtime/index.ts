// Realtime: Phoenix channels over WebSocket (postgres_changes, broadcast, presence) plus the broadcast REST
// API, as @supabase/supabase-js speaks them. See docs in /work/shared/reference/supabase-protocol.md §1–6.
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { BackendContext } from '../context'
import type { Router } from '../http/router'
import { Hub, serverTopic } from './hub'
import { registerBroadcastRoutes } from './rest-broadcast'
import type { Vsn } from './serializer'
import { ClientSocket } from './socket'
import { connectError, connectToken } from './tokens'

export interface RealtimeStats {
  sockets: number
  channels: number
  subscriptions: number
}

export interface RealtimeServer {
  /**
   * Fault injection: while on, every inbound frame is ignored and nothing is sent (no heartbeat replies,
   * no changes), but sockets stay open — a server that hangs rather than dies.
   */
  setUnresponsive(on: boolean): void
  /** Closes every socket: `going-away` = close code 1001, `abrupt` = TCP reset (the client sees 1006). */
  disconnectAll(mode?: 'going-away' | 'abrupt'): void
  stats(): RealtimeStats
  /** A server-originated broadcast (no sender), as the REST broadcast API would deliver it. */
  broadcast(topic: string, event: string, payload: Record<string, unknown>, isPrivate?: boolean): void
  /** Resolves when every change received so far has been delivered (for tests and benchmarks). */
  idle(): Promise<void>
  close(): Promise<void>
}

const PATHS = new Set(['/realtime/v1/websocket', '/socket/websocket'])

export function attachRealtime(server: Server, router: Router, ctx: BackendContext): RealtimeServer {
  const hub = new Hub(ctx)
  const limits = ctx.config.realtime
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
  })
  const sockets = new Set<ClientSocket>()
  const refusing = new Set<Duplex>()

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (!PATHS.has(url.pathname)) return refuse(socket, 404, 'Not Found')
    const vsn = url.searchParams.get('vsn') ?? '1.0.0'
    if (vsn !== '1.0.0' && vsn !== '2.0.0') return refuse(socket, 403, `Unsupported vsn ${vsn}`)
    const token = connectToken(req, url)
    const error = connectError(ctx, token)
    if (error) return refuseLater(socket, error)
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const client = new ClientSocket(ws, vsn as Vsn, hub, token!)
      sockets.add(client)
      ws.on('close', () => sockets.delete(client))
    })
  }

  /** The real server answers a refused upgrade after CONNECT_ERROR_BACKOFF_MS, with a JSON error. */
  const refuseLater = (socket: Duplex, message: string): void => {
    refusing.add(socket)
    const timer = setTimeout(() => {
      refusing.delete(socket)
      refuse(socket, 401, message)
    }, limits.connectErrorDelayMs)
    timer.unref()
    socket.once('close', () => {
      clearTimeout(timer)
      refusing.delete(socket)
    })
  }

  server.on('upgrade', onUpgrade)
  registerBroadcastRoutes(router, hub)
  const unsubscribe = ctx.db.onChanges((batch) => hub.dispatcher.enqueue(batch))

  const disconnectAll = (mode: 'going-away' | 'abrupt' = 'going-away'): void => {
    for (const s of [...sockets]) {
      if (mode === 'abrupt') s.terminate()
      else s.close(1001, 'server disconnect')
      sockets.delete(s)
    }
  }

  return {
    setUnresponsive: (on) => void (hub.unresponsive = on),
    disconnectAll,
    stats: () => ({ sockets: sockets.size, ...hub.stats() }),
    broadcast: (topic, event, payload, isPrivate = false) =>
      hub.broadcast(serverTopic(topic, isPrivate), `realtime:${topic}`, {
        kind: 'json',
        payload: { type: 'broadcast', event, payload },
      }),
    idle: () => hub.dispatcher.idle(),
    close: async () => {
      server.off('upgrade', onUpgrade)
      unsubscribe()
      hub.unresponsive = false
      disconnectAll()
      for (const socket of refusing) socket.destroy()
      refusing.clear()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await hub.dispatcher.idle()
    },
  }
}

function refuse(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return
  const body = JSON.stringify({ error: message })
  const reason = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}
