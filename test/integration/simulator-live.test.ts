// The demo path end to end: the demo supervisor signs in with supabase-js, subscribes to the floor and
// receives the simulator's changes over Realtime; the other organisation's supervisor receives none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { startSimulator, type Simulator } from '../../src/main/embedded/simulator'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
let sim: Simulator
const clients: SupabaseClient[] = []
const channels: RealtimeChannel[] = []

async function watch(email: string, password: string, seen: Array<{ table: string; type: string }>) {
  const supabase = client(backend)
  clients.push(supabase)
  const { data, error } = await supabase.auth.signInWithPassword({ email, password })
  if (error) throw error
  supabase.realtime.setAuth(data.session!.access_token)
  const channel = supabase.channel(`floor-${email}`)
  for (const table of ['calls', 'agent_sessions', 'heartbeats']) {
    channel.on('postgres_changes', { event: '*', schema: 'public', table }, (p) =>
      seen.push({ table: p.table, type: p.eventType }),
    )
  }
  // Live means subscribed and confirmed by the postgres_changes `system` message.
  await new Promise<void>((resolve, reject) => {
    channel.on('system', {}, (p: { extension?: string; status?: string }) => {
      if (p.extension === 'postgres_changes' && p.status === 'ok') resolve()
    })
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(err ?? new Error(status))
    })
  })
  channels.push(channel)
}

beforeAll(async () => {
  backend = await testBackend({ seed: 6 })
  sim = startSimulator(backend.ctx, {
    seed: 6,
    rate: 40,
    fast: true,
    manual: true,
    orgId: backend.demo!.orgId,
    incidents: { firstAfterMs: 5_000, everyMs: 30_000, durationMs: 10_000 },
  })
})
afterAll(async () => {
  await sim?.stop()
  for (const c of channels) await c.unsubscribe()
  for (const c of clients) c.realtime.disconnect()
  await backend?.stop()
})

describe('the simulator over Realtime', () => {
  it('reaches the demo supervisor and nobody outside the organisation', async () => {
    const demo = backend.demo!
    const mine: Array<{ table: string; type: string }> = []
    const theirs: Array<{ table: string; type: string }> = []
    await watch(demo.email, demo.password, mine)
    await watch(demo.other.email, demo.other.password, theirs)
    await sim.step(200)
    await eventually(
      () => ['calls', 'agent_sessions', 'heartbeats'].every((t) => mine.some((c) => c.table === t)),
      15_000,
      'changes of every watched table',
    )
    expect(mine.some((c) => c.table === 'calls' && c.type === 'INSERT')).toBe(true)
    expect(mine.some((c) => c.table === 'calls' && c.type === 'UPDATE')).toBe(true)
    expect(theirs).toEqual([])
  })
})
