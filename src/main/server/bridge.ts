// The headless bridge: the RendererApi over one WebSocket per view, for browsers and wall displays.
// Calls are `{id, key, payload}` → `{id, result}`; pushes are `{event, payload}`. Each connection is a relay
// view of its own (snapshot first, then coalesced batches) and is read-only when its token says so. Walls
// are registered with the hub: counted in presence, told commands, and closed the moment they are revoked
// (close code 4403 after an `access:refused` push, so the screen says why rather than reconnecting).
import { WebSocketServer, type WebSocket } from 'ws'
import type { IncomingMessage, Server } from 'node:http'
import { isInvokeKey, type EventKey, type EventMap, type Result } from '../../shared/contract'
import { runCall, type Handlers } from '../core/api'
import { parseAnnouncement } from '../../shared/walls'
import type { FloorConsole } from '../core/console-types'
import type { Access, Authenticated, Identity } from './access'
import type { Refusal } from './origin-guard'
import type { WallHub } from './wall-hub'

/** Close code of a socket whose token was revoked (4000–4999: for applications, RFC 6455 §7.4.2). */
export const CLOSE_REVOKED = 4403

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
  handlersFor: (who: Identity) => Handlers,
  authorize: (req: IncomingMessage, url: URL) => Authenticated | Refusal,
  hub?: WallHub,
): Bridge {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/bridge') return
    const auth = authorize(req, url)
    if (!('ok' in auth) || !auth.ok) {
      const [status, text] =
        'ok' in auth ? ['401 Unauthorized', auth.refusal.message] : ['403 Forbidden', auth.message]
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${text}\n`)
      return
    }
    const who = auth.who
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, engine, handlersFor(who), who, hub))
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

function onConnection(
  ws: WebSocket,
  engine: FloorConsole,
  handlers: Handlers,
  who: Identity,
  hub: WallHub | undefined,
): void {
  const access = who.access
  const view = engine.attachView({ send: (batch) => push(ws, 'floor:batch', batch) })
  const presence = () =>
    hub ? hub.presence(engine.presence(), engine.session().user?.email ?? null) : engine.presence()
  // ws has no 'drain' event: poll the socket's buffer while the view is saturated.
  const drainPoll = setInterval(() => {
    if (ws.bufferedAmount < SATURATED_BYTES) view.resume()
  }, 100)
  const offHealth = engine.onHealth((h) => push(ws, 'health:changed', h))
  const offPresence = engine.onPresence(() => push(ws, 'presence:changed', presence()))
  const offWalls = hub?.onChange(() => push(ws, 'presence:changed', presence()))
  const offAnnouncement = engine.onAnnouncement((payload) => {
    const a = parseAnnouncement(payload)
    if (a) push(ws, 'wall:announcement', a)
  })
  const offSession = engine.onSession((s) => push(ws, 'session:changed', s))
  const offOutbox = engine.onOutbox((p) => push(ws, 'outbox:changed', p))
  const offNotice = engine.onNotice((n) => push(ws, 'app:notice', n))
  push(ws, 'health:changed', engine.health())
  push(ws, 'outbox:changed', engine.outbox())
  push(ws, 'presence:changed', presence())
  for (const a of hub?.current() ?? []) push(ws, 'wall:announcement', a)
  const leave = hub?.add({
    who,
    since: new Date().toISOString(),
    command: (command, name) => push(ws, 'wall:command', { command, name }),
    refuse: (refusal) => {
      push(ws, 'access:refused', refusal)
      ws.close(CLOSE_REVOKED, refusal.reason)
    },
  })
  ws.on('message', (data, isBinary) => void onMessage(ws, handlers, access, isBinary ? null : String(data)))
  ws.on('close', () => {
    clearInterval(drainPoll)
    view.close()
    offHealth()
    offPresence()
    offSession()
    offOutbox()
    offNotice()
    offWalls?.()
    offAnnouncement()
    leave?.()
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
