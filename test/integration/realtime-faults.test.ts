// The fault-injection hooks the console's resilience tests rely on: a server that stops answering without
// closing (heartbeat timeout, then recovery), a server that drops every socket (reconnect and rejoin), and
// the counters that show what is connected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
const clients: SupabaseClient[] = []

beforeAll(async () => {
  backend = await testBackend({ demo: false })
  await backend.ctx.db.exec(`create table public.rt_faults (id int primary key);
    alter publication supabase_realtime add table public.rt_faults;`)
  await backend.ctx.db.ensureCapture()
})

afterAll(async () => {
  backend.realtime.setUnresponsive(false)
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await backend.stop()
})

async function subscribe(heartbeatIntervalMs?: number) {
  const c = client(backend, backend.anonKey, heartbeatIntervalMs ? { heartbeatIntervalMs } : {})
  clients.push(c)
  const statuses: string[] = []
  const rows: number[] = []
  const ch: RealtimeChannel = c
    .channel(`faults-${clients.length}`)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_faults' }, (p) =>
      rows.push(p.new.id as number),
    )
  ch.subscribe((s, err) => statuses.push(err ? `${s} ${err.message}` : s))
  await eventually(() => statuses.includes('SUBSCRIBED'))
  return { c, ch, statuses, rows }
}

describe('fault injection', () => {
  it('counts sockets, channels and subscriptions', async () => {
    const before = backend.realtime.stats()
    const s = await subscribe()
    await eventually(() => backend.realtime.stats().subscriptions === before.subscriptions + 1)
    expect(backend.realtime.stats()).toMatchObject({
      sockets: before.sockets + 1,
      channels: before.channels + 1,
    })
    await s.c.removeAllChannels()
    await eventually(() => backend.realtime.stats().sockets === before.sockets)
    expect(backend.realtime.stats()).toEqual(before)
  })

  it('an unresponsive server makes the client time out its heartbeat; it recovers once the server answers', async () => {
    const s = await subscribe(200)
    backend.realtime.setUnresponsive(true)
    await backend.ctx.db.query('insert into public.rt_faults values (1)')
    await eventually(
      () => s.statuses.some((x) => x.includes('heartbeat timeout')),
      5000,
      'a heartbeat timeout',
    )
    expect(s.rows).toEqual([])
    backend.realtime.setUnresponsive(false)
    await eventually(() => s.statuses.filter((x) => x === 'SUBSCRIBED').length >= 2, 20_000, 'a rejoin')
    await backend.ctx.db.query('insert into public.rt_faults values (2)')
    await eventually(() => s.rows.includes(2))
  })

  it('disconnectAll drops every socket; clients reconnect and rejoin', async () => {
    const s = await subscribe()
    backend.realtime.disconnectAll()
    await eventually(() => s.statuses.filter((x) => x === 'SUBSCRIBED').length >= 2, 10_000, 'a rejoin')
    await backend.ctx.db.query('insert into public.rt_faults values (3)')
    await eventually(() => s.rows.includes(3))
    backend.realtime.disconnectAll('abrupt')
    await eventually(
      () => s.statuses.filter((x) => x === 'SUBSCRIBED').length >= 3,
      10_000,
      'a second rejoin',
    )
  })
})
