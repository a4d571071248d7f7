// The headless console's RendererApi over one WebSocket: `{id, key, payload}` calls, `{id, result}` replies,
// `{event, payload}` pushes. Calls made while connecting wait for the socket; a lost socket fails pending
// calls and reconnects with backoff, and the bridge then sends a fresh snapshot. A socket refused before it
// opened asks /api/access why: a missing, wrong or revoked token is said on screen (`access:refused`) and
// not retried, instead of "Loading the floor…" forever; a revoked wall is told so by the server itself.
import {
  EVENT_KEYS,
  type EventKey,
  type EventMap,
  type RendererApi,
  type Result,
} from '../../shared/contract'
import { createRendererApi, type Invoke } from '../../shared/renderer-api'
import type { HealthReport } from '../../shared/health'
import type { AccessRefusal } from '../../shared/walls'

/** The server's close code for a revoked wall (src/main/server/bridge.ts). */
const CLOSE_REVOKED = 4403

/** Why this screen may not connect, or null when it may (or the server cannot say). */
async function askAccess(base: URL, token: string | null): Promise<AccessRefusal | null> {
  const url = new URL('/api/access', base)
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:'
  if (token) url.searchParams.set('token', token)
  try {
    const body = (await (await fetch(url, { cache: 'no-store' })).json()) as Partial<AccessRefusal> & {
      ok?: boolean
    }
    if (body.ok !== false || !body.reason || !body.message) return null
    return { reason: body.reason, message: body.message }
  } catch {
    return null
  }
}

type Pending = (result: Result<unknown>) => void
type Listener = (payload: unknown) => void

export function connectBridge(base: URL): RendererApi {
  const url = new URL(base)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = new URLSearchParams(window.location.search).get('token')
  if (token) url.searchParams.set('token', token)

  const pending = new Map<number, Pending>()
  const listeners = new Map<EventKey, Set<Listener>>()
  let nextId = 1
  let socket: WebSocket
  let opened: Promise<void>
  let attempt = 0
  let lastHealth: HealthReport | null = null
  const emit = (key: EventKey, payload: unknown) => {
    for (const l of listeners.get(key) ?? []) l(payload)
  }

  let refused = false
  const connect = () => {
    socket = new WebSocket(url)
    let wasOpen = false
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }))
    socket.addEventListener('open', () => {
      attempt = 0
      wasOpen = true
    })
    socket.addEventListener('message', (ev) => onMessage(String(ev.data)))
    socket.addEventListener('close', (ev) => {
      if (ev.code === CLOSE_REVOKED) refused = true
      for (const settle of pending.values())
        settle({ ok: false, error: { code: 'disconnected', message: 'Lost the console bridge' } })
      pending.clear()
      // Never pretend: without the bridge this view learns nothing new, whatever the engine's last word was.
      if (lastHealth && lastHealth.state !== 'OFFLINE') {
        lastHealth = {
          ...lastHealth,
          state: 'OFFLINE',
          reason: 'Lost the connection to the console; reconnecting…',
          since: Date.now(),
        }
        emit('health:changed', lastHealth)
      }
      if (refused) return
      const delay = Math.min(10_000, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2)
      if (wasOpen) return void setTimeout(connect, delay)
      void askAccess(url, token).then((refusal) => {
        if (!refusal) return void setTimeout(connect, delay)
        refused = true
        emit('access:refused', refusal)
      })
    })
  }

  const onMessage = (text: string) => {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch {
      return
    }
    if (typeof msg !== 'object' || msg === null) return
    const m = msg as { id?: unknown; result?: Result<unknown>; event?: unknown; payload?: unknown }
    if (typeof m.id === 'number' && m.result) {
      pending.get(m.id)?.(m.result)
      pending.delete(m.id)
    } else if ((EVENT_KEYS as readonly unknown[]).includes(m.event)) {
      if (m.event === 'health:changed') lastHealth = m.payload as HealthReport
      emit(m.event as EventKey, m.payload)
    }
  }

  const invoke: Invoke = async (key, payload) => {
    await opened
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve as Pending)
      socket.send(JSON.stringify({ id, key, payload }))
    })
  }

  const subscribe = <K extends EventKey>(key: K, listener: (payload: EventMap[K]) => void) => {
    const set = listeners.get(key) ?? new Set<Listener>()
    listeners.set(key, set)
    set.add(listener as Listener)
    return () => void set.delete(listener as Listener)
  }

  connect()
  return createRendererApi(invoke, subscribe)
}
