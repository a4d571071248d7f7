// Realtime wire protocol: connection auth, both serializers, heartbeats, malformed frames, unmatched topics,
// leave/close, duplicate joins and the channel limit — with supabase-js where it can show the behaviour, and
// a raw `ws` client where only the frames can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { request } from 'node:http'
import type { SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
const clients: SupabaseClient[] = []
const raws: WebSocket[] = []

beforeAll(async () => {
  backend = await testBackend({
    demo: false,
    config: { realtime: { connectErrorDelayMs: 0, joinErrorDelayMs: 0, maxChannelsPerClient: 3 } },
  })
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  for (const ws of raws) ws.terminate()
  await backend.stop()
})

function track(c: SupabaseClient): SupabaseClient {
  clients.push(c)
  return c
}

/** A raw socket that records every decoded frame. */
async function raw(vsn: '1.0.0' | '2.0.0' = '2.0.0', apikey = backend.anonKey) {
  const url = `${backend.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${apikey}&vsn=${vsn}`
  const ws = new WebSocket(url)
  raws.push(ws)
  const frames: unknown[] = []
  ws.on('message', (data, isBinary) => frames.push(isBinary ? data : JSON.parse(String(data))))
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const next = (match: (f: unknown) => boolean, what = 'frame') =>
    eventually(() => frames.find(match), 3000, what)
  return { ws, frames, next, send: (frame: unknown) => ws.send(JSON.stringify(frame)) }
}

/** The HTTP answer to a WebSocket upgrade request (fetch cannot send `Upgrade`). */
function refusedUpgrade(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers })
    req.on('response', (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('upgrade', () => reject(new Error('the upgrade was accepted')))
    req.on('error', reject)
    req.end()
  })
}

const subscribed = (ch: ReturnType<SupabaseClient['channel']>) =>
  new Promise<string>((resolve) =>
    ch.subscribe((status, err) => resolve(err ? `${status}: ${err.message}` : status)),
  )

describe('connection', () => {
  it('refuses the upgrade with 401 and the real error body for a bad, missing or expired key', async () => {
    const base = `${backend.url}/realtime/v1/websocket?vsn=2.0.0`
    const upgrade = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    }
    const expired = backend.ctx.sign({ role: 'anon', exp: Math.floor(Date.now() / 1000) - 60 })
    const cases: [string, string][] = [
      [base, 'API key is missing'],
      [`${base}&apikey=not-a-jwt`, 'The token provided is not a valid JWT'],
      [`${base}&apikey=${backend.anonKey.slice(0, -4)}AAAA`, 'Failed to validate JWT signature'],
      [`${base}&apikey=${expired}`, 'Token has expired'],
    ]
    for (const [url, error] of cases) {
      const res = await refusedUpgrade(url, upgrade)
      expect(res.status).toBe(401)
      expect(JSON.parse(res.body)).toEqual({ error })
    }
  })

  it('a bad apikey surfaces as CHANNEL_ERROR in supabase-js', async () => {
    const bad = track(client(backend, 'not-a-jwt'))
    const status = await subscribed(bad.channel('nope'))
    expect(status).toMatch(/^CHANNEL_ERROR/)
  })

  it('joins and answers heartbeats on vsn 2.0.0 and 1.0.0', async () => {
    for (const vsn of ['2.0.0', '1.0.0'] as const) {
      const { send, next } = await raw(vsn)
      if (vsn === '2.0.0') {
        send(['1', '1', 'realtime:hb', 'phx_join', { config: {} }])
        send([null, '2', 'phoenix', 'heartbeat', {}])
        expect(await next((f) => (f as unknown[])[1] === '1')).toEqual([
          '1',
          '1',
          'realtime:hb',
          'phx_reply',
          { status: 'ok', response: { postgres_changes: [] } },
        ])
        expect(await next((f) => (f as unknown[])[1] === '2')).toEqual([
          null,
          '2',
          'phoenix',
          'phx_reply',
          { status: 'ok', response: {} },
        ])
      } else {
        send({ topic: 'realtime:hb', event: 'phx_join', payload: { config: {} }, ref: '1', join_ref: '1' })
        send({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '2' })
        expect(await next((f) => (f as { ref: string }).ref === '1')).toEqual({
          topic: 'realtime:hb',
          event: 'phx_reply',
          payload: { status: 'ok', response: { postgres_changes: [] } },
          ref: '1',
        })
        expect(await next((f) => (f as { ref: string }).ref === '2')).toEqual({
          topic: 'phoenix',
          event: 'phx_reply',
          payload: { status: 'ok', response: {} },
          ref: '2',
        })
      }
    }
  })

  it('supabase-js subscribes with both serializers', async () => {
    for (const vsn of ['1.0.0', '2.0.0'] as const) {
      const c = track(client(backend, backend.anonKey, { vsn }))
      expect(await subscribed(c.channel(`both-${vsn}`))).toBe('SUBSCRIBED')
    }
  })
})

describe('frames', () => {
  it('ignores malformed frames and keeps the socket open', async () => {
    const { ws, send, next } = await raw()
    ws.send('not json')
    ws.send('{"an":"object"}')
    ws.send('[1,2]')
    ws.send(Buffer.from([9, 9, 9]))
    ws.send(Buffer.from([3, 200, 0, 0, 0, 0, 1]))
    send([null, '7', 'phoenix', 'heartbeat', {}])
    expect(await next((f) => (f as unknown[])[1] === '7')).toEqual([
      null,
      '7',
      'phoenix',
      'phx_reply',
      { status: 'ok', response: {} },
    ])
    expect(ws.readyState).toBe(WebSocket.OPEN)
  })

  it('replies `unmatched topic` to pushes on topics not joined, and ok to their leave', async () => {
    const { send, next } = await raw()
    send(['5', '8', 'realtime:never', 'broadcast', { type: 'broadcast', event: 'x', payload: {} }])
    send(['5', '9', 'realtime:never', 'phx_leave', {}])
    send([null, '10', 'elsewhere', 'phx_join', {}])
    expect(await next((f) => (f as unknown[])[1] === '8')).toEqual([
      null,
      '8',
      'realtime:never',
      'phx_reply',
      { status: 'error', response: { reason: 'unmatched topic' } },
    ])
    expect(await next((f) => (f as unknown[])[1] === '9')).toEqual([
      null,
      '9',
      'realtime:never',
      'phx_reply',
      { status: 'ok', response: {} },
    ])
    expect(await next((f) => (f as unknown[])[1] === '10')).toMatchObject([
      null,
      '10',
      'elsewhere',
      'phx_reply',
      { status: 'error', response: { reason: 'unmatched topic' } },
    ])
  })

  it('closes too-large frames like the real server (1009) instead of reading them', async () => {
    const { ws } = await raw()
    const closed = new Promise<number>((resolve) => ws.once('close', resolve))
    ws.send(Buffer.alloc(5_000_001, 1))
    expect(await closed).toBe(1009)
  })
})

describe('channel lifecycle', () => {
  it('accepts string booleans in the join config and defaults fields it cannot read', async () => {
    const { send, next, frames } = await raw('1.0.0')
    const config = {
      broadcast: { self: 'TRUE', ack: 'true' },
      presence: { enabled: 'True' },
      private: 'false',
    }
    send({ topic: 'realtime:flex', event: 'phx_join', payload: { config }, ref: '1', join_ref: '1' })
    await next((f) => (f as { event: string }).event === 'presence_state')
    send({
      topic: 'realtime:flex',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'e', payload: { a: 1 }, extra: 'kept' },
      ref: '2',
      join_ref: '1',
    })
    expect(await next((f) => (f as { event: string }).event === 'broadcast')).toEqual({
      topic: 'realtime:flex',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'e', payload: { a: 1 }, extra: 'kept' },
      ref: null,
    })
    expect(await next((f) => (f as { ref: string }).ref === '2')).toMatchObject({ payload: { status: 'ok' } })
    send({
      topic: 'realtime:odd',
      event: 'phx_join',
      payload: { config: 'nonsense', access_token: 42 },
      ref: '3',
      join_ref: '3',
    })
    expect(await next((f) => (f as { ref: string }).ref === '3')).toMatchObject({
      payload: { status: 'ok', response: { postgres_changes: [] } },
    })
    expect(frames.filter((f) => (f as { topic: string }).topic === 'realtime:odd')).toHaveLength(1)
  })

  it('leave: ok reply, then phx_close with join_ref = ref', async () => {
    const { send, next } = await raw()
    send(['3', '3', 'realtime:bye', 'phx_join', { config: {} }])
    await next((f) => (f as unknown[])[1] === '3')
    send(['3', '4', 'realtime:bye', 'phx_leave', {}])
    expect(await next((f) => (f as unknown[])[1] === '4')).toEqual([
      '3',
      '4',
      'realtime:bye',
      'phx_reply',
      { status: 'ok', response: {} },
    ])
    expect(await next((f) => (f as unknown[])[3] === 'phx_close')).toEqual([
      '3',
      '3',
      'realtime:bye',
      'phx_close',
      {},
    ])
  })

  it('a duplicate join closes the previous incarnation first', async () => {
    const { send, next, frames } = await raw()
    send(['1', '1', 'realtime:dup', 'phx_join', { config: {} }])
    await next((f) => (f as unknown[])[1] === '1')
    send(['2', '2', 'realtime:dup', 'phx_join', { config: {} }])
    await next((f) => (f as unknown[])[1] === '2')
    const close = frames.findIndex((f) => (f as unknown[])[3] === 'phx_close')
    const reply = frames.findIndex((f) => (f as unknown[])[1] === '2')
    expect(frames[close]).toEqual(['1', '1', 'realtime:dup', 'phx_close', {}])
    expect(close).toBeLessThan(reply)
    expect(backend.realtime.stats().channels).toBeGreaterThan(0)
  })

  it('refuses an empty topic name and channels beyond the per-client limit', async () => {
    const { send, next } = await raw()
    send(['1', '1', 'realtime:', 'phx_join', { config: {} }])
    expect(await next((f) => (f as unknown[])[1] === '1')).toEqual([
      '1',
      '1',
      'realtime:',
      'phx_reply',
      { status: 'error', response: { reason: 'TopicNameRequired: You must provide a topic name' } },
    ])
    for (const n of [2, 3, 4]) send([`${n}`, `${n}`, `realtime:limit-${n}`, 'phx_join', { config: {} }])
    expect(await next((f) => (f as unknown[])[1] === '5' || (f as unknown[])[1] === '4')).toBeTruthy()
    send(['5', '5', 'realtime:limit-5', 'phx_join', { config: {} }])
    expect(await next((f) => (f as unknown[])[1] === '5')).toEqual([
      '5',
      '5',
      'realtime:limit-5',
      'phx_reply',
      { status: 'error', response: { reason: 'ChannelRateLimitReached: Too many channels' } },
    ])
  })

  it('supabase-js reports the channel limit as CHANNEL_ERROR', async () => {
    const c = track(client(backend))
    for (const n of [1, 2, 3]) expect(await subscribed(c.channel(`cap-${n}`))).toBe('SUBSCRIBED')
    expect(await subscribed(c.channel('cap-4'))).toBe(
      'CHANNEL_ERROR: ChannelRateLimitReached: Too many channels',
    )
  })

  it('rejects a join whose access_token is bad, with the real reasons', async () => {
    const { send, next } = await raw()
    const expired = backend.ctx.sign({ role: 'anon', exp: Math.floor(Date.now() / 1000) - 30 })
    const noRole = backend.ctx.sign({ exp: Math.floor(Date.now() / 1000) + 30 } as never)
    const cases: [string, RegExp][] = [
      [expired, /^InvalidJWTToken: Token has expired \d+ seconds ago$/],
      ['abc', /^MalformedJWT: The token provided is not a valid JWT$/],
      [noRole, /^InvalidJWTToken: Fields `role` and `exp` are required in JWT$/],
      [`${backend.anonKey.slice(0, -4)}AAAA`, /^JwtSignatureError: Failed to validate JWT signature$/],
    ]
    for (const [i, [token, reason]] of cases.entries()) {
      const ref = `t${i}`
      send([ref, ref, `realtime:tok-${i}`, 'phx_join', { config: {}, access_token: token }])
      const reply = (await next((f) => (f as unknown[])[1] === ref)) as [
        string,
        string,
        string,
        string,
        { response: { reason: string } },
      ]
      expect(reply[4].response.reason).toMatch(reason)
    }
  })
})
