// The headless bridge: the RendererApi over one WebSocket per view, for browsers and wall displays.
// Calls are `{id, key, payload}` → `{id, result}`; pushes are `{event, payload}`. Each connection is a relay
// view of its own (snapshot first, then coalesced batches) and is read-only when its token says so.
import { WebSocketServer, type WebSocket } from 'ws'
import type { IncomingMessage, Server } from 'node:http'
import { isInvokeKey, type EventKey, type EventMap, type Result } from '../../shared/contract'
import { runCall, type Handlers } from '../core/api'
import type { FloorConsole } from '../core/console-types'
import type { Access } from './access'
import type { Refusal } from './origin-guard'

const MAX_MESSAGE_BYTES = 64 * 1024
/** Beyond this much unsent data the view is saturated; the relay then queues, and re-snapshots if needed. */
const SATURATED_BYTES = 1024 * 1024

export interface Bridge {
  clients(): number
  close(): Promise<void>
}

export function attachBridge(
  server: Server,
  engine: FloorConsole,
  handlersFor: (access: Access) => Handlers,
  authorize: (req: IncomingMessage, url: URL) => Access | Refusal | null,
): Bridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/bridge') return
    const access = authorize(req, url)
    if (access === null || typeof access === 'object') {
      const [status, text] = access
        ? ['403 Forbidden', access.message]
        : ['401 Unauthorized', 'A valid access token is required.']
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, engine, handlersFor(access), access))
  })
  return {
    clients: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate()
        wss.close(() => resolve())
      }),
  }
}

function push<K extends EventKey>(ws: WebSocket, event: K, payload: EventMap[K]): boolean {
  if (ws.readyState !== ws.OPEN) return false
  ws.send(JSON.stringify({ event, payload }))
  return ws.bufferedAmount < SATURATED_BYTES
}

function onConnection(ws: WebSocket, engine: FloorConsole, handlers: Handlers, access: Access): void {
  const view = engine.attachView({ send: (batch) => push(ws, 'floor:batch', batch) })
  // ws has no 'drain' event: poll the socket's buffer while the view is saturated.
  const drainPoll = setInterval(() => {
    if (ws.bufferedAmount < SATURATED_BYTES) view.resume()
  }, 100)
  const offHealth = engine.onHealth((h) => push(ws, 'health:changed', h))
  const offPresence = engine.onPresence((w) => push(ws, 'presence:changed', w))
  const offSession = engine.onSession((s) => push(ws, 'session:changed', s))
  const offOutbox = engine.onOutbox((p) => push(ws, 'outbox:changed', p))
  const offNotice = engine.onNotice((n) => push(ws, 'app:notice', n))
  push(ws, 'health:changed', engine.health())
  push(ws, 'outbox:changed', engine.outbox())
  push(ws, 'presence:changed', engine.presence())
  ws.on('message', (data, isBinary) => void onMessage(ws, handlers, access, isBinary ? null : String(data)))
  ws.on('close', () => {
    clearInterval(drainPoll)
    view.close()
    offHealth()
    offPresence()
    offSession()
    offOutbox()
    offNotice()
  })
}

async function onMessage(
  ws: WebSocket,
  handlers: Handlers,
  access: Access,
  text: string | null,
): Promise<void> {
  let msg: unknown
  try {
    msg = text === null ? undefined : JSON.parse(text)
  } catch {
    msg = undefined
  }
  const { id, key, payload } = (typeof msg === 'object' && msg !== null ? msg : {}) as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    ws.send(
      JSON.stringify({ error: 'malformed message: expected JSON {id, key, payload} with a numeric id' }),
    )
    return
  }
  const result: Result<unknown> = isInvokeKey(key)
    ? await runCall(handlers, key, payload, access)
    : { ok: false, error: { code: 'unknown_call', message: `Unknown call "${String(key)}"` } }
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
}
