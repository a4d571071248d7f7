import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { DEFAULT_RELAY_OPTIONS, Relay } from '../../src/main/core/relay/relay'
import { utf8Bytes } from '../../src/main/core/relay/batching'
import { applyBatch, type DeltaBatch, type ViewState } from '../../src/shared/domain/delta'
import { callRow, tombstoneRow, uid } from './support/rows'

const upsert = (n: number, seq: number, over: Parameters<typeof callRow>[0] = {}): LiveChange => ({
  type: 'upsert',
  table: 'calls',
  row: callRow({ id: uid(n), seq, ...over }),
})

/** A view that records batches and rebuilds its state from them; `accept` simulates backpressure. */
function view() {
  const v = { batches: [] as DeltaBatch[], state: {} as ViewState, accept: true }
  return {
    sink: {
      send: (batch: DeltaBatch) => {
        v.batches.push(structuredClone(batch))
        applyBatch(v.state, batch)
        return v.accept
      },
    },
    get batches() {
      return v.batches
    },
    get state() {
      return v.state
    },
    get accept() {
      return v.accept
    },
    set accept(a: boolean) {
      v.accept = a
    },
    ids: () => [...(v.state.calls?.keys() ?? [])].sort(),
  }
}

const relays: Relay[] = []
function setup(options: ConstructorParameters<typeof Relay>[2] = {}) {
  const live = new LiveState()
  const clock = new ManualClock()
  const relay = new Relay(live, clock, options)
  relays.push(relay)
  return { live, clock, relay }
}
afterEach(() => relays.splice(0).forEach((r) => r.stop()))

describe('relay', () => {
  it('gives a new view a snapshot first, then deltas', () => {
    const { live, clock, relay } = setup()
    live.apply([upsert(1, 1), upsert(2, 2)])
    const v = view()
    relay.addView(v.sink)
    expect(v.batches).toHaveLength(1)
    expect(v.batches[0]?.frame).toMatchObject({ kind: 'snapshot', first: true, last: true, source: 'none' })
    expect(v.ids()).toEqual([uid(1), uid(2)])
    live.apply([upsert(3, 3)])
    clock.advance(50)
    expect(v.batches[1]).toEqual({ deltas: [expect.objectContaining({ kind: 'upsert', id: uid(3) })] })
  })

  it('sends an empty snapshot to a view of an empty floor, so it knows it is up to date', () => {
    const { relay } = setup()
    const v = view()
    relay.addView(v.sink)
    expect(v.batches).toEqual([
      { deltas: [], frame: { id: 1, kind: 'snapshot', first: true, last: true, source: 'none' } },
    ])
  })

  it('coalesces per entity until the flush: latest wins, a remove after an upsert is a remove', () => {
    const { live, clock, relay } = setup()
    const v = view()
    relay.addView(v.sink)
    live.apply([upsert(1, 1, { status: 'queued' })])
    live.apply([upsert(1, 2, { status: 'ringing' })])
    live.apply([upsert(1, 3, { status: 'active' }), upsert(2, 4)])
    live.apply([{ type: 'tombstone', row: tombstoneRow('calls', uid(2), 5) }])
    expect(v.batches).toHaveLength(1) // only the snapshot: nothing is sent in the turn that changed it
    clock.advance(0)
    expect(v.batches).toHaveLength(2)
    expect(v.batches[1]?.deltas).toEqual([
      {
        kind: 'upsert',
        table: 'calls',
        id: uid(1),
        row: expect.objectContaining({ status: 'active', seq: 3 }),
      },
      { kind: 'remove', table: 'calls', id: uid(2) },
    ])
    clock.advance(1_000)
    expect(v.batches).toHaveLength(2) // nothing pending, no empty flushes
  })

  it('sends news after a quiet spell at once, and then at most one flush per configured interval', () => {
    const { live, clock, relay } = setup({ flushIntervalMs: 200 })
    const v = view()
    relay.addView(v.sink)
    live.apply([upsert(1, 1)])
    clock.advance(0)
    expect(v.batches).toHaveLength(2)
    clock.advance(10)
    live.apply([upsert(2, 2)])
    clock.advance(100)
    live.apply([upsert(3, 3)])
    clock.advance(89) // 199 ms after the first flush
    expect(v.batches).toHaveLength(2)
    clock.advance(1)
    expect(v.batches).toHaveLength(3)
    expect(v.batches[2]?.deltas.map((d) => d.id)).toEqual([uid(2), uid(3)])
    // Quiet for longer than the interval: the next news goes at once again.
    clock.advance(500)
    live.apply([upsert(4, 4)])
    clock.advance(0)
    expect(v.batches).toHaveLength(4)
  })

  it('flushes at once when the pending batch reaches 64 KB, in batches of at most 64 KB', () => {
    const { live, relay } = setup()
    const v = view()
    relay.addView(v.sink)
    const note = 'é'.repeat(1_000) // 2 bytes each in UTF-8: sizes are bytes, not characters
    for (let i = 1; i <= 40; i++) live.apply([upsert(i, i, { caller_masked: note })])
    expect(v.batches.length).toBeGreaterThan(1) // no timer needed
    // As the bridge sends it: the batch in its envelope, within 64 KiB.
    for (const b of v.batches) {
      expect(utf8Bytes(JSON.stringify({ event: 'floor:batch', payload: b }))).toBeLessThanOrEqual(64 * 1024)
    }
    relay.flush()
    expect(v.ids()).toHaveLength(40)
  })

  it('leaves room in 64 KiB for the envelope a batch travels in over the bridge', () => {
    const envelope = utf8Bytes(JSON.stringify({ event: 'floor:batch', payload: null })) - 'null'.length
    expect(DEFAULT_RELAY_OPTIONS.maxBatchBytes + envelope).toBeLessThanOrEqual(64 * 1024)
  })

  it('splits a large snapshot into one frame of batches of at most 64 KB: first and last marked', () => {
    const { live, relay } = setup()
    for (let i = 1; i <= 300; i++) live.apply([upsert(i, i, { caller_masked: 'x'.repeat(500) })])
    const v = view()
    relay.addView(v.sink)
    expect(v.batches.length).toBeGreaterThan(2)
    const frames = v.batches.map((b) => b.frame)
    expect(new Set(frames.map((f) => f?.id)).size).toBe(1)
    expect(frames.every((f) => f?.kind === 'snapshot')).toBe(true)
    expect(frames.map((f) => f?.first)).toEqual(v.batches.map((_, i) => i === 0))
    expect(frames.map((f) => f?.last)).toEqual(v.batches.map((_, i) => i === v.batches.length - 1))
    for (const b of v.batches) {
      expect(utf8Bytes(JSON.stringify({ event: 'floor:batch', payload: b }))).toBeLessThanOrEqual(64 * 1024)
    }
    expect(v.ids()).toHaveLength(300)
  })

  it('gives a slow view a fresh snapshot instead of an unbounded queue', () => {
    const { live, clock, relay } = setup({ maxQueuedBytes: 4_096 })
    const slow = view()
    const fast = view()
    const handle = relay.addView(slow.sink)
    relay.addView(fast.sink)
    slow.accept = false
    live.apply([upsert(1, 1)])
    clock.advance(50) // delivered, but the view now reports backpressure
    const delivered = slow.batches.length
    for (let i = 2; i <= 100; i++) {
      live.apply([upsert(i, i)])
      clock.advance(50)
    }
    expect(slow.batches.length).toBe(delivered) // nothing sent while saturated
    expect(fast.ids()).toHaveLength(100)
    slow.accept = true
    handle.resume()
    expect(slow.batches.at(-1)?.frame).toMatchObject({ kind: 'snapshot', first: true, last: true })
    expect(slow.ids()).toEqual(fast.ids())
    expect(relay.stats().resnapshots).toBe(1)
  })

  it('delivers a flush larger than the queue bound to a view that keeps up', () => {
    const { live, relay } = setup({ maxQueuedBytes: 1_024 })
    const v = view()
    relay.addView(v.sink)
    live.apply([upsert(1, 1, { caller_masked: 'x'.repeat(5_000) })])
    relay.flush()
    expect(v.ids()).toEqual([uid(1)])
    expect(relay.stats().resnapshots).toBe(0)
  })

  it('drains a short backlog on resume without a snapshot', () => {
    const { live, clock, relay } = setup()
    const v = view()
    const handle = relay.addView(v.sink)
    v.accept = false
    live.apply([upsert(1, 1)])
    clock.advance(50)
    live.apply([upsert(2, 2)])
    clock.advance(50)
    v.accept = true
    handle.resume()
    expect(v.batches.map((b) => b.frame?.kind ?? 'live')).toEqual(['snapshot', 'live', 'live'])
    expect(v.ids()).toEqual([uid(1), uid(2)])
  })

  it('drops a view whose send throws and keeps the others', () => {
    const { live, clock, relay } = setup()
    const good = view()
    relay.addView({
      send: (b) => {
        if (!b.frame) throw new Error('window destroyed')
        return true
      },
    })
    relay.addView(good.sink)
    live.apply([upsert(1, 1)])
    clock.advance(50)
    live.apply([upsert(2, 2)])
    clock.advance(50)
    expect(relay.stats()).toMatchObject({ views: 1, viewErrors: 1 })
    expect(good.ids()).toEqual([uid(1), uid(2)])
  })

  it('sends a catch-up as one resync frame, after the news pending before it and never mixed with it', () => {
    const { live, clock, relay } = setup()
    const v = view()
    relay.addView(v.sink)
    live.apply([upsert(1, 1)]) // news, pending in the flush window
    live.resync(() => {
      for (const c of [upsert(2, 2), upsert(3, 3), upsert(2, 4)]) live.applyOne(live.parse(c)!)
    })
    live.apply([upsert(5, 5)])
    clock.advance(50)
    expect(v.batches.map((b) => b.frame?.kind ?? 'live')).toEqual(['snapshot', 'live', 'resync', 'live'])
    expect(v.batches[1]?.deltas.map((d) => d.id)).toEqual([uid(1)])
    // Coalesced within the frame: the latest version of call 2 only.
    expect(v.batches[2]?.deltas.map((d) => [d.id, d.kind === 'upsert' && d.row.seq])).toEqual([
      [uid(3), 3],
      [uid(2), 4],
    ])
    expect(v.batches[2]?.frame).toMatchObject({ first: true, last: true })
    expect(v.ids()).toEqual([uid(1), uid(2), uid(3), uid(5)])
  })

  it('says in a resync frame what the rows are now and how long the gap it closed was', () => {
    const { live, relay } = setup()
    const v = view()
    live.replace('cache', () => void live.applyOne(live.parse(upsert(1, 1))!))
    relay.addView(v.sink)
    live.resync(() => void live.applyOne(live.parse(upsert(1, 1))!), 'server', 240_000)
    expect(v.batches.map((b) => b.frame)).toEqual([
      expect.objectContaining({ kind: 'snapshot', source: 'cache' }),
      expect.objectContaining({ kind: 'resync', source: 'server', gapMs: 240_000, first: true, last: true }),
    ])
    expect(v.batches[1]?.deltas).toEqual([])
  })

  it('re-snapshots every view when the state is replaced, dropping the news it supersedes', () => {
    const { live, clock, relay } = setup()
    const a = view()
    const b = view()
    relay.addView(a.sink)
    relay.addView(b.sink)
    live.apply([upsert(1, 1)]) // pending: the snapshot will carry it
    live.replace('server', () => {
      for (const c of [upsert(7, 7), upsert(8, 8)]) live.applyOne(live.parse(c)!)
    })
    clock.advance(50)
    for (const v of [a, b]) {
      expect(v.batches.map((x) => x.frame?.kind ?? 'live')).toEqual(['snapshot', 'snapshot'])
      expect(v.batches[1]?.frame).toMatchObject({ first: true, last: true, source: 'server' })
      expect(v.ids()).toEqual([uid(1), uid(7), uid(8)])
    }
    // The same frame, built once, for every view.
    expect(a.batches[1]?.frame?.id).toBe(b.batches[1]?.frame?.id)
    live.reset()
    expect(a.batches.at(-1)).toMatchObject({ deltas: [], frame: { kind: 'snapshot', source: 'none' } })
    expect(a.ids()).toEqual([])
  })

  it('stops sending to a closed view and leaves no timer behind on stop', () => {
    const { live, clock, relay } = setup()
    const v = view()
    const handle = relay.addView(v.sink)
    handle.close()
    live.apply([upsert(1, 1)])
    clock.advance(50)
    expect(v.batches).toHaveLength(1)
    live.apply([upsert(2, 2)])
    relay.stop()
    expect(clock.pending).toBe(0)
  })
})
