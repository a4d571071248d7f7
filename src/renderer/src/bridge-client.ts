// The headless console's RendererApi over one WebSocket: `{id, key, payload}` calls, `{id, result}` replies,
// `{event, payload}` pushes. Calls made while connecting wait for the socket; a lost socket fails pending
// calls and reconnects with backoff, and the bridge then sends a fresh snapshot.
import {
  EVENT_KEYS,
  type EventKey,
  type EventMap,
  type RendererApi,
  type Result,
} from '../../shared/contract'
import { createRendererApi, type Invoke } from '../../shared/renderer-api'
import type { HealthReport } from '../../shared/health'

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

  const connect = () => {
    socket = new WebSocket(url)
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }))
    socket.addEventListener('open', () => (attempt = 0))
    socket.addEventListener('message', (ev) => onMessage(String(ev.data)))
    socket.addEventListener('close', () => {
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
      const delay = Math.min(10_000, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2)
      setTimeout(connect, delay)
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
