// The headless console's RendererApi over one WebSocket: `{id, key, payload}` calls, `{id, result}` replies,
// `{event, payload}` pushes. Calls made while connecting wait for the socket.
import type { AppInfo, EventMap, RendererApi, Result } from '../../shared/contract'

type Pending = (result: Result<unknown>) => void

export function connectBridge(url: URL): RendererApi {
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = new URLSearchParams(window.location.search).get('token')
  if (token) url.searchParams.set('token', token)
  const socket = new WebSocket(url)
  const pending = new Map<number, Pending>()
  const listeners = new Set<(n: EventMap['app:notice']) => void>()
  let nextId = 1
  const opened = new Promise<void>((resolve) =>
    socket.addEventListener('open', () => resolve(), { once: true }),
  )

  socket.addEventListener('message', (ev) => {
    let msg: unknown
    try {
      msg = JSON.parse(String(ev.data))
    } catch {
      return
    }
    if (typeof msg !== 'object' || msg === null) return
    const m = msg as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown }
    if (typeof m.id === 'number' && m.result) {
      pending.get(m.id)?.(m.result)
      pending.delete(m.id)
    } else if (m.event === 'app:notice') {
      for (const l of listeners) l(m.payload as EventMap['app:notice'])
    }
  })
  socket.addEventListener('close', () => {
    for (const settle of pending.values())
      settle({ ok: false, error: { code: 'disconnected', message: 'Lost the console bridge' } })
    pending.clear()
  })

  const call = async <T>(key: string, payload?: unknown): Promise<Result<T>> => {
    await opened
    const id = nextId++
    return new Promise<Result<T>>((resolve) => {
      pending.set(id, resolve as Pending)
      socket.send(JSON.stringify({ id, key, payload }))
    })
  }

  return {
    getInfo: () => call<AppInfo>('app:info'),
    onNotice: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
