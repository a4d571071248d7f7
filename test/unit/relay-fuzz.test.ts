// Random delta sequences, resync frames and whole-state replacements, with random view joins, leaves and
// backpressure: after the final flush, every view's reconstructed state must equal the live state, no
// batch exceeds 64 KB, and no view ever sees news inside a frame or a frame left unfinished.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../src/main/embedded/simulator/random'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { Relay, type ViewHandle } from '../../src/main/core/relay/relay'
import { utf8Bytes } from '../../src/main/core/relay/batching'
import { applyBatch, FrameAssembler, type DeltaBatch, type ViewState } from '../../src/shared/domain/delta'
import { TABLE_NAMES } from '../../src/shared/domain/tables'
import { callRow, sessionRow, tombstoneRow, uid } from './support/rows'

/** The simulator's seeded generator, so a failing seed can be replayed. */
function prng(seed: number): () => number {
  const rng = new Rng(seed)
  return () => rng.next()
}

interface FuzzView {
  state: ViewState
  accept: boolean
  handle: ViewHandle
  oversized: number
  /** Live batches that arrived while a frame was open: must stay 0. */
  interleaved: number
  frames: FrameAssembler
}

function randomChange(rand: () => number, seq: () => number): LiveChange {
  const n = 1 + Math.floor(rand() * 40)
  const r = rand()
  const big = rand() < 0.05 ? 'x'.repeat(Math.floor(rand() * 20_000)) : ''
  if (r < 0.45)
    return { type: 'upsert', table: 'calls', row: callRow({ id: uid(n), seq: seq(), caller_masked: big }) }
  if (r < 0.6) return { type: 'upsert', table: 'agent_sessions', row: sessionRow({ id: uid(n), seq: seq() }) }
  if (r < 0.7)
    return { type: 'upsert', table: 'calls', row: callRow({ id: uid(n), seq: Math.floor(rand() * seq()) }) }
  if (r < 0.8) return { type: 'tombstone', row: tombstoneRow('calls', uid(n), seq()) }
  if (r < 0.9) return { type: 'delete', table: 'agent_sessions', oldRecord: { id: uid(n) } }
  return { type: 'upsert', table: 'calls', row: { id: uid(n), seq: 'garbage' } }
}

function expectSameState(view: ViewState, live: LiveState): void {
  for (const table of TABLE_NAMES) {
    const expected = [...live.table(table)].sort(([a], [b]) => a.localeCompare(b))
    const actual = [...(view[table] ?? new Map())].sort(([a], [b]) => a.localeCompare(b))
    expect(actual).toEqual(expected)
  }
}

function run(seed: number, steps: number): { views: FuzzView[]; live: LiveState; relay: Relay } {
  const rand = prng(seed)
  const live = new LiveState()
  const clock = new ManualClock()
  const relay = new Relay(live, clock, { maxQueuedBytes: 32 * 1024 })
  let counter = 0
  const seq = () => ++counter
  const views: FuzzView[] = []
  const join = () => {
    const v = {
      state: {},
      accept: true,
      oversized: 0,
      interleaved: 0,
      frames: new FrameAssembler(),
    } as FuzzView
    v.handle = relay.addView({
      send: (batch: DeltaBatch) => {
        // Through JSON, as IPC and the socket bridge carry it, and framed as the renderer applies it.
        const json = JSON.stringify(batch)
        if (batch.deltas.length > 1 && utf8Bytes(json) > 64 * 1024) v.oversized++
        if (!batch.frame && v.frames.pending) v.interleaved++
        const whole = v.frames.push(JSON.parse(json) as DeltaBatch)
        if (whole) applyBatch(v.state, whole)
        return v.accept
      },
    })
    views.push(v)
  }
  for (let i = 0; i < steps; i++) {
    const r = rand()
    const some = () => Array.from({ length: 1 + Math.floor(rand() * 5) }, () => randomChange(rand, seq))
    if (r < 0.55) live.apply(some())
    else if (r < 0.58) live.resync(() => void live.apply(some()))
    else if (r < 0.6) live.replace('server', () => void live.apply(some()))
    else if (r < 0.7) clock.advance(Math.floor(rand() * 120))
    else if (r < 0.75 && views.length < 8) join()
    else if (r < 0.78 && views.length > 0)
      views.splice(Math.floor(rand() * views.length), 1)[0]?.handle.close()
    else if (r < 0.88 && views.length > 0) {
      const v = views[Math.floor(rand() * views.length)] as FuzzView
      v.accept = !v.accept
      if (v.accept) v.handle.resume()
    } else if (r < 0.9) relay.flush()
  }
  for (const v of views) {
    v.accept = true
    v.handle.resume()
  }
  clock.advance(1_000)
  return { views, live, relay }
}

describe('relay fuzz', () => {
  const totals = { resnapshots: 0, views: 0, batches: 0 }

  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'seed %i: every view ends equal to the live state',
    (seed) => {
      const { views, live, relay } = run(seed, 600)
      for (const v of views) {
        expectSameState(v.state, live)
        expect(v.oversized).toBe(0)
        expect(v.interleaved).toBe(0)
        expect(v.frames.pending).toBe(false)
      }
      totals.resnapshots += relay.stats().resnapshots
      totals.batches += relay.stats().batchesSent
      totals.views += views.length
      relay.stop()
    },
  )

  it('exercised joins, backpressure and resnapshots across the seeds', () => {
    expect(totals.resnapshots).toBeGreaterThan(0)
    expect(totals.views).toBeGreaterThan(40)
    expect(totals.batches).toBeGreaterThan(1_000)
  })
})
