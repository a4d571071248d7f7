// The relay's life cycle and its size trigger: a stopped relay delivers nothing, holds no timer and takes no
// view; a batch that reaches the byte limit leaves at once, one byte under waits for the timer; the stats
// count what was really sent. Found by mutation testing (docs/benchmarks.md).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { Relay } from '../../src/main/core/relay/relay'
import type { DeltaBatch } from '../../src/shared/domain/delta'
import { callRow, uid } from './support/rows'

const upsert = (n: number, seq: number): LiveChange => ({
  type: 'upsert',
  table: 'calls',
  row: callRow({ id: uid(n), seq }),
})

function setup(options: ConstructorParameters<typeof Relay>[2] = {}) {
  const live = new LiveState()
  const clock = new ManualClock()
  const relay = new Relay(live, clock, options)
  const got: DeltaBatch[] = []
  const sink = {
    send: (b: DeltaBatch) => {
      got.push(structuredClone(b))
      return true
    },
  }
  return { live, clock, relay, got, sink }
}

describe('relay life cycle', () => {
  it('once stopped, delivers nothing, keeps no timer and no view, and refuses new views', () => {
    const { live, clock, relay, got, sink } = setup()
    relay.addView(sink)
    live.apply([upsert(1, 1)])
    expect(clock.pending).toBe(1)
    relay.stop()
    expect(clock.pending).toBe(0)
    expect(relay.stats()).toMatchObject({ views: 0, pendingDeltas: 0, pendingBytes: 0 })
    live.apply([upsert(2, 2)])
    live.reset()
    clock.advance(1_000)
    expect(got).toHaveLength(1) // the first snapshot only
    expect(() => relay.addView(sink)).toThrow('relay is stopped')
  })

  it('counts flushes and frames, and gives each view its own id', () => {
    const { live, clock, relay, sink } = setup()
    const a = relay.addView(sink)
    const b = relay.addView(sink)
    expect(a.id).not.toBe(b.id)
    expect(relay.stats()).toMatchObject({ frames: 2, flushes: 0 })
    live.apply([upsert(1, 1)])
    clock.advance(50)
    live.apply([upsert(2, 2)])
    relay.flush()
    relay.flush() // nothing pending: not a flush
    expect(relay.stats()).toMatchObject({ frames: 2, flushes: 2 })
  })

  it('reports what is pending at its exact JSON size', () => {
    const { live, relay, got, sink } = setup()
    relay.addView(sink)
    live.apply([upsert(1, 1), upsert(2, 2), upsert(3, 3)])
    live.apply([upsert(2, 4)]) // the same call again: its latest replaces it, at its own size
    const pending = relay.stats().pendingBytes
    relay.flush()
    expect(pending).toBe(Buffer.byteLength(JSON.stringify(got.at(-1))))
  })

  it('sends a batch at once when it reaches the byte limit, and waits for the timer one byte under it', () => {
    const probe = setup()
    probe.relay.addView(probe.sink)
    probe.live.apply([upsert(1, 1), upsert(2, 2)])
    probe.relay.flush()
    const exact = Buffer.byteLength(JSON.stringify(probe.got.at(-1)))

    const at = setup({ maxBatchBytes: exact })
    at.relay.addView(at.sink)
    at.live.apply([upsert(1, 1), upsert(2, 2)])
    expect(at.got).toHaveLength(2)

    const under = setup({ maxBatchBytes: exact + 1 })
    under.relay.addView(under.sink)
    under.live.apply([upsert(1, 1), upsert(2, 2)])
    expect(under.got).toHaveLength(1) // below the limit: not in the same turn
    under.clock.advance(0)
    expect(under.got).toHaveLength(2)
  })

  it('keeps one flush timer however many changes arrive before it fires', () => {
    const { live, clock, relay, got, sink } = setup()
    relay.addView(sink)
    live.apply([upsert(1, 1)])
    clock.advance(0)
    expect(got).toHaveLength(2)
    clock.advance(30)
    live.apply([upsert(2, 2)])
    clock.advance(10)
    live.apply([upsert(3, 3)])
    expect(clock.pending).toBe(1)
    clock.advance(9)
    expect(got).toHaveLength(2)
    clock.advance(1) // 50 ms after the last flush
    expect(got).toHaveLength(3)
    expect(got[2]!.deltas.map((d) => d.id)).toEqual([uid(2), uid(3)])
    expect(clock.pending).toBe(0)
  })
})
