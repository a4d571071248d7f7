// The headless bridge: the RendererApi over a WebSocket, for browsers and wall displays.
import { WebSocketServer, type WebSocket } from 'ws'
import type { Server } from 'node:http'
import { INVOKE_KEYS, type InvokeKey, type InvokeMap, type Result } from '../../shared/contract'

export type BridgeHandlers = {
  [K in InvokeKey]: (payload: unknown) => Promise<InvokeMap[K]['response']>
}

const MAX_MESSAGE_BYTES = 64 * 1024

export function attachBridge(server: Server, handlers: BridgeHandlers, authorize: (url: URL) => boolean) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/bridge') return
    if (!authorize(url)) {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\nA valid ?token= is required.\n',
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, handlers))
  })
  return {
    clients: () => wss.clients.size,
    broadcast: (event: string, payload: unknown) => {
      const text = JSON.stringify({ event, payload })
      for (const ws of wss.clients) ws.send(text)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close(() => resolve())
      }),
  }
}

function onConnection(ws: WebSocket, handlers: BridgeHandlers): void {
  ws.on('message', async (data) => {
    let msg: unknown
    try {
      msg = JSON.parse(String(data))
    } catch {
      return ws.send(JSON.stringify({ error: 'malformed message: not JSON' }))
    }
    const { id, key, payload } = (msg ?? {}) as { id?: unknown; key?: unknown; payload?: unknown }
    if (typeof id !== 'number' || !INVOKE_KEYS.includes(key as InvokeKey)) {
      return ws.send(JSON.stringify({ error: 'malformed message: needs a numeric id and a known key' }))
    }
    let result: Result<unknown>
    try {
      result = { ok: true, data: await handlers[key as InvokeKey](payload) }
    } catch (err) {
      result = {
        ok: false,
        error: { code: 'failed', message: err instanceof Error ? err.message : String(err) },
      }
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
  })
}
