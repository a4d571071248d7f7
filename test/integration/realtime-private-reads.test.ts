// Private channels deliver to each subscriber only what its read policies on realtime.messages allow: a
// subscriber allowed presence but not broadcasts gets no broadcasts, and the other way round — as the real
// server withholds them per channel.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'
import { client, eventually, testBackend } from '../helpers/backend'

let backend: Backend
const clients: SupabaseClient[] = []

beforeAll(async () => {
  backend = await testBackend({ demo: false, tickIntervalMs: 0 })
  await backend.ctx.db.exec(`
    create policy pr_presence on realtime.messages for select to authenticated
      using (realtime.topic() like 'pr-%' and extension = 'presence');
    create policy pr_broadcast on realtime.messages for select to authenticated
      using (realtime.topic() like 'bc-%' and extension = 'broadcast');`)
})
afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend?.stop()
})

async function signedIn(): Promise<SupabaseClient> {
  const id = randomUUID()
  await backend.ctx.db.query('insert into auth.users (id, email) values ($1, $2)', [id, `${id}@example.test`])
  const exp = Math.floor(Date.now() / 1000) + 3600
  const token = backend.ctx.sign({ role: 'authenticated', sub: id, aud: 'authenticated', exp })
  const c = createClient(backend.url, backend.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
  await c.realtime.setAuth()
  clients.push(c)
  return c
}

async function subscribe(c: SupabaseClient, topic: string, key: string) {
  const got: string[] = []
  const ch = c
    .channel(topic, { config: { private: true, presence: { key, enabled: true } } })
    .on('broadcast', { event: '*' }, (m) => got.push(String(m.event)))
  await new Promise<void>((resolve, reject) =>
    ch.subscribe((s, err) => (s === 'SUBSCRIBED' ? resolve() : err && reject(err))),
  )
  clients.push(c)
  return { ch, got }
}

it('withholds broadcasts from a subscriber allowed presence only, and presence from one allowed broadcasts only', async () => {
  const presenceOnly = await subscribe(await signedIn(), 'pr-1', 'p')
  const broadcastOnly = await subscribe(await signedIn(), 'bc-1', 'b')
  const server = client(backend, backend.serviceRoleKey)
  const serverPr = await subscribe(server, 'pr-1', 'server-pr')
  const serverBc = await subscribe(client(backend, backend.serviceRoleKey), 'bc-1', 'server-bc')
  await serverPr.ch.track({ who: 'server' })
  await serverBc.ch.track({ who: 'server' })
  for (const topic of ['pr-1', 'bc-1']) {
    await backend.ctx.db.query(`select realtime.send('{}'::jsonb, 'news', $1, true)`, [topic])
  }
  await eventually(() => Object.keys(presenceOnly.ch.presenceState()).includes('server-pr'))
  await eventually(() => broadcastOnly.got.includes('news'))
  await eventually(() => serverPr.got.includes('news'))
  expect(presenceOnly.got).toEqual([])
  expect(broadcastOnly.ch.presenceState()).toEqual({})
})
