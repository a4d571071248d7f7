// Broadcast through unmodified supabase-js: self, ack, case-insensitive events, binary payloads across both
// serializers, the payload limit, the REST endpoints, private channels decided by realtime.messages policies,
// and broadcasts sent from the database with realtime.send().
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
const clients: SupabaseClient[] = []
type Msg = { type: string; event: string; payload: unknown; meta?: unknown }
type Opts = { self?: boolean; ack?: boolean; private?: boolean }

beforeAll(async () => {
  backend = await testBackend({
    demo: false,
    config: { realtime: { joinErrorDelayMs: 0, maxPayloadBytes: 4096 } },
  })
  // Private topics `ok-*` are readable and writable by signed-in users; `ro-*` only readable.
  await backend.ctx.db.exec(`
    create policy rt_read on realtime.messages for select to authenticated
      using (realtime.topic() like 'ok-%' or realtime.topic() like 'ro-%');
    create policy rt_write on realtime.messages for insert to authenticated
      with check (realtime.topic() like 'ok-%');`)
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend.stop()
})

function anon(vsn?: '1.0.0' | '2.0.0'): SupabaseClient {
  const c = client(backend, backend.anonKey, vsn ? { vsn } : {})
  clients.push(c)
  return c
}

async function signedIn(): Promise<SupabaseClient> {
  const id = randomUUID()
  await backend.ctx.db.query('insert into auth.users (id, email) values ($1, $2)', [id, `${id}@example.com`])
  const token = backend.ctx.sign({
    role: 'authenticated',
    sub: id,
    aud: 'authenticated',
    exp: Math.floor(Date.now() / 1000) + 3600,
  })
  const c = createClient(backend.url, backend.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
  clients.push(c)
  await c.realtime.setAuth()
  return c
}

async function join(c: SupabaseClient, name: string, opts: Opts = {}, event = '*') {
  const got: Msg[] = []
  const ch: RealtimeChannel = c
    .channel(name, {
      config: {
        broadcast: { self: opts.self ?? false, ack: opts.ack ?? false },
        private: opts.private ?? false,
      },
    })
    .on('broadcast', { event }, (m) => got.push(m as Msg))
  const status = await new Promise<string>((resolve) =>
    ch.subscribe((s, err) => resolve(err ? `${s}: ${err.message}` : s)),
  )
  return { ch, got, status }
}

describe('over the socket', () => {
  it('ack and self: the sender gets its own message and an ok once it is fanned out', async () => {
    const a = await join(anon(), 'room-1', { self: true, ack: true })
    const b = await join(anon(), 'room-1')
    expect(await a.ch.send({ type: 'broadcast', event: 'cursor', payload: { x: 1 } })).toBe('ok')
    await eventually(() => a.got.length === 1 && b.got.length === 1)
    expect(a.got[0]).toEqual({ type: 'broadcast', event: 'cursor', payload: { x: 1 } })
    expect(b.got[0]).toEqual(a.got[0])
  })

  it('without self the sender does not hear itself; event names match case-insensitively', async () => {
    const a = await join(anon(), 'room-2', { ack: true })
    const b = await join(anon(), 'room-2', {}, 'PING')
    expect(await a.ch.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } })).toBe('ok')
    await eventually(() => b.got.length === 1)
    expect(b.got[0]).toMatchObject({ event: 'ping', payload: { n: 1 } })
    expect(a.got).toEqual([])
  })

  it('binary payloads reach vsn 2 receivers as bytes and never vsn 1 receivers; JSON crosses both', async () => {
    const sender = await join(anon('2.0.0'), 'room-3', { ack: true })
    const v2 = await join(anon('2.0.0'), 'room-3')
    const v1 = await join(anon('1.0.0'), 'room-3')
    const v1sender = await join(anon('1.0.0'), 'room-3', { ack: true })
    expect(
      await sender.ch.send({ type: 'broadcast', event: 'bin', payload: new Uint8Array([1, 2, 3]).buffer }),
    ).toBe('ok')
    expect(await sender.ch.send({ type: 'broadcast', event: 'json', payload: { from: 'v2' } })).toBe('ok')
    expect(await v1sender.ch.send({ type: 'broadcast', event: 'json', payload: { from: 'v1' } })).toBe('ok')
    await eventually(() => v2.got.length === 3 && v1.got.length === 2)
    expect(new Uint8Array(v2.got[0]!.payload as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]))
    expect(v2.got.slice(1).map((m) => m.payload)).toEqual([{ from: 'v2' }, { from: 'v1' }])
    expect(v1.got.map((m) => [m.event, m.payload])).toEqual([
      ['json', { from: 'v2' }],
      ['json', { from: 'v1' }],
    ])
  })

  it('a payload over the limit is refused with the real ack error and not delivered', async () => {
    const a = await join(anon(), 'room-4', { ack: true, self: true })
    expect(await a.ch.send({ type: 'broadcast', event: 'big', payload: { blob: 'x'.repeat(5000) } })).toBe(
      'error',
    )
    expect(await a.ch.send({ type: 'broadcast', event: 'small', payload: {} })).toBe('ok')
    await eventually(() => a.got.length === 1)
    expect(a.got.map((m) => m.event)).toEqual(['small'])
  })
})

describe('REST', () => {
  it('send() on a channel that is not joined posts to the batch endpoint (202) and is delivered', async () => {
    const receiver = await join(anon(), 'rest-1')
    const notJoined = anon().channel('rest-1')
    expect(await notJoined.send({ type: 'broadcast', event: 'hello', payload: { via: 'rest' } })).toBe('ok')
    await eventually(() => receiver.got.length === 1)
    expect(receiver.got[0]).toEqual({ type: 'broadcast', event: 'hello', payload: { via: 'rest' } })
  })

  it('httpSend() delivers JSON and raw bytes', async () => {
    const receiver = await join(anon(), 'rest-2')
    const ch = anon().channel('rest-2')
    expect(await ch.httpSend('j', { a: 1 })).toEqual({ success: true })
    expect(await ch.httpSend('b', new Uint8Array([9, 8]))).toEqual({ success: true })
    await eventually(() => receiver.got.length === 2)
    expect(receiver.got[0]).toEqual({ type: 'broadcast', event: 'j', payload: { a: 1 } })
    expect(new Uint8Array(receiver.got[1]!.payload as ArrayBuffer)).toEqual(new Uint8Array([9, 8]))
  })

  it('answers 422 to an invalid body and 401 without a valid key', async () => {
    const url = `${backend.url}/realtime/v1/api/broadcast`
    const post = (body: string, key?: string) =>
      fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...(key ? { apikey: key } : {}) },
      })
    expect((await post('{"messages":[{"topic":"t"}]}', backend.anonKey)).status).toBe(422)
    expect((await post('{}', backend.anonKey)).status).toBe(422)
    expect((await post('not json', backend.anonKey)).status).toBe(422)
    expect((await post('{"messages":[{"topic":"t","event":"e","payload":{}}]}')).status).toBe(401)
    expect(
      (await post('{"messages":[{"topic":"t","event":"e","payload":{}}]}', 'bad.token.here')).status,
    ).toBe(401)
    expect(
      (await post('{"messages":[{"topic":"t","event":"e","payload":{}}]}', backend.anonKey)).status,
    ).toBe(202)
  })
})

describe('private channels', () => {
  it('a join without a read policy fails with the real reason', async () => {
    const denied = await join(anon(), 'ok-anon', { private: true })
    expect(denied.status).toBe(
      'CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: ok-anon',
    )
    await denied.ch.unsubscribe()
    const user = await signedIn()
    const other = await join(user, 'secret', { private: true })
    expect(other.status).toBe(
      'CHANNEL_ERROR: Unauthorized: You do not have permissions to read from this Channel topic: secret',
    )
    await other.ch.unsubscribe()
  })

  it('public and private channels of one name are isolated; writes need the insert policy', async () => {
    const [u1, u2] = [await signedIn(), await signedIn()]
    const priv = await join(u1, 'ok-room', { private: true })
    const privSender = await join(u2, 'ok-room', { private: true, ack: true })
    const pub = await join(anon(), 'ok-room')
    expect([priv.status, privSender.status, pub.status]).toEqual(['SUBSCRIBED', 'SUBSCRIBED', 'SUBSCRIBED'])
    expect(await privSender.ch.send({ type: 'broadcast', event: 'p', payload: { scope: 'private' } })).toBe(
      'ok',
    )
    await anon().channel('ok-room').httpSend('p', { scope: 'public' })
    await eventually(() => priv.got.length === 1 && pub.got.length === 1)
    expect(priv.got[0]!.payload).toEqual({ scope: 'private' })
    expect(pub.got[0]!.payload).toEqual({ scope: 'public' })

    const reader = await join(u1, 'ro-room', { private: true })
    const writer = await join(u2, 'ro-room', { private: true, ack: true })
    expect(await writer.ch.send({ type: 'broadcast', event: 'w', payload: {} }, { timeout: 300 })).toBe(
      'timed out',
    )
    const rest = await signedIn()
    await rest.channel('ro-room', { config: { private: true } }).httpSend('w', { dropped: true })
    await rest.channel('ok-room', { config: { private: true } }).httpSend('w', { kept: true })
    await eventually(() => priv.got.length === 2)
    expect(reader.got).toEqual([])
  })

  it('realtime.send() from the database reaches the private channel of that topic', async () => {
    const priv = await join(await signedIn(), 'ok-db', { private: true })
    const pub = await join(anon(), 'ok-db')
    await backend.ctx.db.query(`select realtime.send('{"n":1}'::jsonb, 'db-event', 'ok-db', true)`)
    await backend.ctx.db.query(`select realtime.send('{"n":2}'::jsonb, 'db-event', 'ok-db', false)`)
    await eventually(() => priv.got.length === 1 && pub.got.length === 1)
    expect(priv.got[0]).toMatchObject({ type: 'broadcast', event: 'db-event', payload: { n: 1 } })
    expect(pub.got[0]).toMatchObject({ event: 'db-event', payload: { n: 2 } })
  })
})
