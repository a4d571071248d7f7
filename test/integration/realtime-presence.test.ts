// Presence through unmodified supabase-js: state after join, joins and leaves seen by every subscriber
// (the tracker included), updates, leaving by untrack / channel leave / socket close, the payload check and
// the per-channel rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js'
import { client, eventually, testBackend } from '../helpers/backend'
import type { Backend } from '../../src/main/embedded/backend'

let backend: Backend
let limited: Backend
const clients: SupabaseClient[] = []

beforeAll(async () => {
  ;[backend, limited] = await Promise.all([
    testBackend({ demo: false }),
    testBackend({
      demo: false,
      config: { realtime: { presenceCallsPerWindow: 2, presenceWindowMs: 60_000 } },
    }),
  ])
})

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()))
  await Promise.all([backend.stop(), limited.stop()])
})

type Event = { kind: 'join' | 'leave'; key: string; metas: Record<string, unknown>[] }

async function member(name: string, key: string, on: Backend = backend) {
  const c = client(on)
  clients.push(c)
  const events: Event[] = []
  const ch: RealtimeChannel = c
    .channel(name, { config: { presence: { key } } })
    .on('presence', { event: 'join' }, (p) =>
      events.push({ kind: 'join', key: p.key, metas: p.newPresences }),
    )
    .on('presence', { event: 'leave' }, (p) =>
      events.push({ kind: 'leave', key: p.key, metas: p.leftPresences }),
    )
  const statuses: string[] = []
  ch.subscribe((s) => statuses.push(s))
  await eventually(() => statuses.includes('SUBSCRIBED'))
  return { c, ch, events, statuses }
}

const keys = (ch: RealtimeChannel) => Object.keys(ch.presenceState()).sort()

describe('presence', () => {
  it('two clients see each other, and the tracker sees its own join', async () => {
    const alice = await member('lobby', 'alice')
    const bob = await member('lobby', 'bob')
    expect(await alice.ch.track({ status: 'online' })).toBe('ok')
    expect(await bob.ch.track({ status: 'away' })).toBe('ok')
    await eventually(() => keys(alice.ch).length === 2 && keys(bob.ch).length === 2)
    expect(keys(alice.ch)).toEqual(['alice', 'bob'])
    expect(alice.ch.presenceState().bob).toEqual([
      expect.objectContaining({ status: 'away', presence_ref: expect.any(String) }),
    ])
    expect(alice.events.filter((e) => e.kind === 'join').map((e) => e.key)).toEqual(['alice', 'bob'])

    const carol = await member('lobby', 'carol')
    await eventually(() => keys(carol.ch).length === 2, 3000, 'presence_state for a late joiner')
  })

  it('an update is one join plus one leave; identical re-tracks change nothing', async () => {
    const a = await member('upd', 'a')
    const b = await member('upd', 'b')
    await a.ch.track({ v: 1 })
    await eventually(() => b.ch.presenceState<{ v: number }>().a?.[0]?.v === 1)
    expect(await a.ch.track({ v: 1 })).toBe('ok')
    await a.ch.track({ v: 2 })
    await eventually(() => b.ch.presenceState<{ v: number }>().a?.[0]?.v === 2)
    expect(b.ch.presenceState().a).toHaveLength(1)
    expect(b.events.map((e) => [e.kind, e.metas.map((m) => m.v)])).toEqual([
      ['join', [1]],
      ['join', [2]],
      ['leave', [1]],
    ])
  })

  it('untrack, leaving the channel and closing the socket all produce leaves', async () => {
    const watcher = await member('exit', 'watcher')
    const [x, y, z] = [await member('exit', 'x'), await member('exit', 'y'), await member('exit', 'z')]
    await Promise.all([x.ch.track({}), y.ch.track({}), z.ch.track({})])
    await eventually(() => keys(watcher.ch).length === 3)
    await x.ch.untrack()
    await eventually(() => !keys(watcher.ch).includes('x'))
    await y.c.removeChannel(y.ch)
    await eventually(() => !keys(watcher.ch).includes('y'))
    z.c.realtime.disconnect()
    await eventually(() => keys(watcher.ch).length === 0)
    expect(watcher.events.filter((e) => e.kind === 'leave').map((e) => e.key)).toEqual(['x', 'y', 'z'])
  })

  it('refuses a track payload that is not a map', async () => {
    const ws = new WebSocket(
      `${backend.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${backend.anonKey}&vsn=2.0.0`,
    )
    const frames: unknown[][] = []
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as unknown[]))
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(
      JSON.stringify(['1', '1', 'realtime:raw', 'phx_join', { config: { presence: { enabled: true } } }]),
    )
    ws.send(
      JSON.stringify([
        '1',
        '2',
        'realtime:raw',
        'presence',
        { type: 'presence', event: 'TRACK', payload: 'me' },
      ]),
    )
    ws.send(JSON.stringify(['1', '3', 'realtime:raw', 'presence', { type: 'presence', event: 'wave' }]))
    await eventually(() => frames.some((f) => f[1] === '3'))
    ws.close()
    expect(frames.find((f) => f[3] === 'presence_state')).toEqual([
      '1',
      null,
      'realtime:raw',
      'presence_state',
      {},
    ])
    expect(frames.find((f) => f[1] === '2')![4]).toEqual({
      status: 'error',
      response: { reason: 'Presence track payload must be a map' },
    })
    expect(frames.find((f) => f[1] === '3')![4]).toEqual({ status: 'error', response: {} })
  })

  it('the per-channel rate limit, when configured, closes the channel with the real message', async () => {
    const m = await member('busy', 'k', limited)
    const system: Record<string, unknown>[] = []
    m.ch.on('system', {}, (p) => system.push(p))
    expect(await m.ch.track({ n: 1 })).toBe('ok')
    expect(await m.ch.track({ n: 2 })).toBe('ok')
    void m.ch.track({ n: 3 })
    await eventually(() => m.statuses.includes('CLOSED'))
    expect(system.at(-1)).toMatchObject({
      extension: 'system',
      status: 'error',
      message: 'Client presence rate limit exceeded',
    })
  })
})
