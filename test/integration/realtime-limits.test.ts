// Issue 12 item 5: backpressure and limits of the embedded Realtime, over real sockets. A consumer that stops
// reading is dropped once its unsent bytes pass the bound (others keep receiving); a silent socket is closed
// after the transport timeout; a join with too many bindings is refused before any catalog work; presence
// on one topic has a total size bound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Socket } from 'node:net'
import type { SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

const SEND_BUFFER = 1_000_000
const IDLE_MS = 400
const PRESENCE_TOTAL = 100_000

let backend: Backend
const clients: SupabaseClient[] = []
const raws: WebSocket[] = []

beforeAll(async () => {
  backend = await testBackend({
    demo: false,
    config: {
      realtime: {
        joinErrorDelayMs: 0,
        maxSendBufferBytes: SEND_BUFFER,
        idleTimeoutMs: IDLE_MS,
        maxPresenceBytesPerTopic: PRESENCE_TOTAL,
      },
    },
  })
  await backend.ctx.db.exec(`
    create table public.rt_lim (id int primary key, name text);
    alter publication supabase_realtime add table public.rt_lim;`)
  await backend.ctx.db.ensureCapture()
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  for (const ws of raws) ws.terminate()
  await backend.stop()
})

function sb(): SupabaseClient {
  // A heartbeat well inside the idle timeout, so these sockets are never the silent ones.
  const c = client(backend, backend.anonKey, { heartbeatIntervalMs: 100 })
  clients.push(c)
  return c
}

/** A raw v1 socket recording decoded frames and its close code. */
async function raw() {
  const url = `${backend.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${backend.anonKey}&vsn=1.0.0`
  const ws = new WebSocket(url)
  raws.push(ws)
  const frames: Record<string, unknown>[] = []
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)))
  ws.on('message', (data) => frames.push(JSON.parse(String(data))))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const send = (f: Record<string, unknown>) => ws.send(JSON.stringify(f))
  const reply = (ref: string) =>
    eventually(() => frames.find((f) => f.ref === ref && f.event === 'phx_reply'), 10_000, `reply ${ref}`)
  return { ws, frames, closed, send, reply }
}

const joinFrame = (topic: string, ref: string, config: Record<string, unknown>) => ({
  topic: `realtime:${topic}`,
  event: 'phx_join',
  payload: { config: { broadcast: { self: false }, presence: { enabled: false }, ...config } },
  ref,
  join_ref: ref,
})

describe('backpressure', () => {
  it('drops a consumer that stops reading once its unsent bytes pass the bound; a reader keeps up', async () => {
    const slow = await raw()
    // It keeps sending heartbeats (only its reading stops), so the idle timeout is never what closes it.
    let ref = 1
    const beat = setInterval(
      () => slow.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: String(++ref) }),
      IDLE_MS / 4,
    )
    slow.closed.finally(() => clearInterval(beat))
    slow.send(joinFrame('flood', '1', {}))
    expect(await slow.reply('1')).toMatchObject({ payload: { status: 'ok' } })
    const got: number[] = []
    const reader = sb()
      .channel('flood')
      .on('broadcast', { event: 'blob' }, (m) => got.push(m.payload.i))
    await new Promise<void>((r) => reader.subscribe((s) => s === 'SUBSCRIBED' && r()))
    const before = backend.realtime.stats().sockets
    // The slow consumer's TCP socket stops reading: the kernel buffers fill, then the server's.
    ;(slow.ws as unknown as { _socket: Socket })._socket.pause()
    const blob = 'x'.repeat(32 * 1024)
    let sent = 0
    // Without a bound this goes on for 64 MB with the server holding all of it.
    while (sent < 2000 && backend.realtime.stats().sockets === before) {
      backend.realtime.broadcast('flood', 'blob', { i: sent++, blob })
      if (sent % 20 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    expect(backend.realtime.stats().sockets).toBe(before - 1)
    ;(slow.ws as unknown as { _socket: Socket })._socket.resume()
    expect(await slow.closed).toBe(1006)
    await eventually(() => got.length === sent, 10_000, 'every broadcast at the reader')
    expect(got[got.length - 1]).toBe(sent - 1)
  }, 30_000)
})

describe('silent sockets', () => {
  it('closes a socket that sends nothing for the transport timeout; heartbeats keep one open', async () => {
    const silent = await raw()
    const chatty = await raw()
    let ref = 0
    const beat = setInterval(
      () => chatty.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: String(++ref) }),
      IDLE_MS / 4,
    )
    try {
      expect(await silent.closed).toBe(1000)
      await new Promise((r) => setTimeout(r, IDLE_MS * 2))
      expect(chatty.ws.readyState).toBe(WebSocket.OPEN)
    } finally {
      clearInterval(beat)
    }
    expect(await chatty.closed).toBe(1000)
  })
})

describe('join limits', () => {
  const binding = (i: number) => ({
    event: 'INSERT',
    schema: 'public',
    table: 'rt_lim',
    filter: `id=eq.${i}`,
  })

  it('refuses a join with more bindings than the bound at once, and takes one at the bound', async () => {
    const s = await raw()
    const beat = setInterval(
      () => s.send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: 'hb' }),
      100,
    )
    try {
      s.send(
        joinFrame('many', '1', { postgres_changes: Array.from({ length: 10_000 }, (_, i) => binding(i)) }),
      )
      expect(await s.reply('1')).toMatchObject({
        payload: {
          status: 'error',
          response: {
            reason: 'ChannelRateLimitReached: Too many postgres_changes bindings in one join (maximum 100)',
          },
        },
      })
      expect(backend.realtime.stats().subscriptions).toBe(0)
      s.send(
        joinFrame('hundred', '2', { postgres_changes: Array.from({ length: 100 }, (_, i) => binding(i)) }),
      )
      const ok = await s.reply('2')
      expect(ok).toMatchObject({ payload: { status: 'ok' } })
      expect(
        (ok!.payload as { response: { postgres_changes: unknown[] } }).response.postgres_changes,
      ).toHaveLength(100)
    } finally {
      clearInterval(beat)
    }
  }, 20_000)
})

describe('presence', () => {
  it("bounds the total tracked on one topic with the real refusal, and frees a member's share on untrack", async () => {
    const share = { blob: 'p'.repeat(40_000) }
    const channels = [sb(), sb(), sb()].map((c) => c.channel('crowd'))
    for (const ch of channels) await new Promise<void>((r) => ch.subscribe((s) => s === 'SUBSCRIBED' && r()))
    expect(await channels[0]!.track(share)).toBe('ok')
    expect(await channels[1]!.track(share)).toBe('ok')
    expect(await channels[2]!.track(share)).toBe('error')
    // Replacing one's own payload counts only the difference.
    expect(await channels[1]!.track({ blob: 'q'.repeat(40_000) })).toBe('ok')
    expect(await channels[0]!.untrack()).toBe('ok')
    expect(await channels[2]!.track(share)).toBe('ok')
  })
})
