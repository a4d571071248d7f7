// Join options the real Realtime server acts on, which the embedded one once accepted and ignored (clients then
// waited for a timeout): `broadcast.replay` and `broadcast.replication_ready`; and a private join when
// realtime.messages has no partition for today. The unmodified supabase-js client over real sockets.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { client, eventually, testBackend } from '../helpers/backend'

let backend: Backend
let topic: string
let member: SupabaseClient
const clients: SupabaseClient[] = []

beforeAll(async () => {
  backend = await testBackend({ tickIntervalMs: 0, config: { realtime: { joinErrorDelayMs: 0 } } })
  topic = `floor:${backend.demo!.orgId}`
  const id = randomUUID()
  await backend.ctx.db.query('insert into auth.users (id, email) values ($1, $2)', [id, `${id}@example.test`])
  await backend.ctx.db.query(
    `insert into public.memberships (org_id, user_id, role) values ($1, $2, 'supervisor')`,
    [backend.demo!.orgId, id],
  )
  const token = backend.ctx.sign({
    role: 'authenticated',
    sub: id,
    aud: 'authenticated',
    exp: Math.floor(Date.now() / 1000) + 3600,
  })
  member = createClient(backend.url, backend.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
  await member.realtime.setAuth()
  clients.push(member)
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend?.stop()
})

type Got = { event: string; payload: unknown; meta?: { replayed?: boolean; id?: string } }

function join(c: SupabaseClient, broadcast: Record<string, unknown>, isPrivate: boolean) {
  const got: Got[] = []
  const system: unknown[] = []
  const ch = c
    .channel(topic, { config: { private: isPrivate, broadcast } })
    .on('broadcast', { event: '*' }, (m) => got.push(m as unknown as Got))
    .on('system', {}, (m: unknown) => system.push(m))
  const status = new Promise<string>((resolve) =>
    ch.subscribe((s, err) => resolve(err ? `${s}: ${err.message}` : s)),
  )
  return { ch, got, system, status }
}

describe('broadcast.replay', () => {
  it('replays the last database broadcasts of a private topic, oldest first, marked replayed', async () => {
    const since = Date.now() - 1000
    for (const n of [1, 2, 3]) {
      await backend.ctx.db.query(
        `select realtime.send(jsonb_build_object('n', $1::int), 'announcement', $2, true)`,
        [n, topic],
      )
    }
    const j = join(member, { replay: { since, limit: 2 } }, true)
    expect(await j.status).toBe('SUBSCRIBED')
    await eventually(() => j.got.length >= 2)
    expect(j.got.map((m) => (m.payload as { n: number }).n)).toEqual([2, 3])
    expect(j.got.every((m) => m.meta?.replayed === true && typeof m.meta.id === 'string')).toBe(true)
    await member.removeChannel(j.ch)
  })

  it('refuses replay on a public channel (realtime-js refuses it before sending; other clients may not)', async () => {
    const reply = await rawJoin(`realtime:${topic}`, { broadcast: { replay: { since: 0 } }, private: false })
    expect(reply).toEqual({
      status: 'error',
      response: { reason: 'UnableToReplayMessages: Replay is not allowed for public channels' },
    })
  })

  it('refuses replay params that are not integers', async () => {
    const bad = join(member, { replay: { since: 'yesterday' } }, true)
    expect(await bad.status).toBe('CHANNEL_ERROR: UnableToReplayMessages: Replay params are not valid')
    await member.removeChannel(bad.ch)
  })
})

/** One phx_join over a bare vsn 1.0.0 socket with the anon key; resolves with its reply payload. */
function rawJoin(wsTopic: string, config: Record<string, unknown>): Promise<unknown> {
  const url = `${backend.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${backend.anonKey}&vsn=1.0.0`
  const ws = new WebSocket(url)
  return new Promise((resolve, reject) => {
    ws.on('error', reject)
    ws.on('open', () =>
      ws.send(
        JSON.stringify({ topic: wsTopic, event: 'phx_join', payload: { config }, ref: '1', join_ref: '1' }),
      ),
    )
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { event: string; ref: string; payload: unknown }
      if (m.event === 'phx_reply' && m.ref === '1') {
        ws.close()
        resolve(m.payload)
      }
    })
  })
}

describe('broadcast.replication_ready', () => {
  it('confirms the replication connection with a system message after the join', async () => {
    const j = join(client(backend), { replication_ready: true }, false)
    expect(await j.status).toBe('SUBSCRIBED')
    await eventually(() => j.system.length > 0)
    expect(j.system[0]).toMatchObject({
      extension: 'system',
      status: 'ok',
      message: 'Replication connection established',
    })
  })
})

describe('a missing realtime.messages partition', () => {
  it('refuses a private join with MissingPartition, as the real server does', async () => {
    const today = `messages_${new Date().toISOString().slice(0, 10).replace(/-/g, '_')}`
    await backend.ctx.db.exec(`alter table realtime.messages detach partition realtime.${today}`)
    try {
      const j = join(member, {}, true)
      expect(await j.status).toBe(
        'CHANNEL_ERROR: MissingPartition: Realtime was unable to find the expected messages partition',
      )
      await member.removeChannel(j.ch)
    } finally {
      await backend.ctx.db.exec(`drop table realtime.${today}`)
      await backend.ctx.db.maintainMessages()
    }
    const again = join(member, {}, true)
    expect(await again.status).toBe('SUBSCRIBED')
  })
})
