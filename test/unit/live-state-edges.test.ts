// LiveState at its edges, found by mutation testing (docs/benchmarks.md): a full snapshot removes a held row
// whose seq is exactly the snapshot's mark, and what subscribers hear is exactly what changed: no empty
// live batch, no resync frame for a catch-up that changed nothing, no gap when none is known.
import { describe, expect, it } from 'vitest'
import { LiveState, type LiveChange, type LiveEvent } from '../../src/main/core/live/live-state'
import { callRow, uid } from './support/rows'

const upsert = (n: number, seq: number, status = 'active'): LiveChange => ({
  type: 'upsert',
  table: 'calls',
  row: callRow({ id: uid(n), seq, status: status as never }),
})

function heard(live: LiveState): LiveEvent[] {
  const events: LiveEvent[] = []
  live.subscribe((e) => void events.push(e))
  return events
}

describe('live state edges', () => {
  it('a full snapshot removes held rows absent from it up to and including its mark, and keeps newer ones', () => {
    const live = new LiveState()
    live.apply([upsert(1, 39), upsert(2, 40), upsert(3, 41), upsert(4, 10)])
    const rows = [live.parse(upsert(4, 12))!]
    live.replace('server', () => void live.replaceTable('calls', rows, 40))
    expect(live.get('calls', uid(1))).toBeUndefined()
    expect(live.get('calls', uid(2))).toBeUndefined()
    expect(live.get('calls', uid(3))?.seq).toBe(41)
    expect(live.get('calls', uid(4))?.seq).toBe(12)
  })

  it('says nothing for a live batch or a catch-up that changed nothing', () => {
    const live = new LiveState()
    live.resync(() => void live.apply([upsert(1, 5)]), 'server')
    const events = heard(live)
    live.batch(() => void live.apply([upsert(1, 5)]))
    live.resync(() => void live.apply([upsert(1, 5)]))
    live.batch(() => undefined)
    expect(events).toEqual([])
  })

  it('a live batch and a resync carry what changed; a resync gives its gap only when known', () => {
    const live = new LiveState()
    live.resync(() => undefined, 'server') // from 'none' to 'server': a frame even with nothing changed
    const events = heard(live)
    live.batch(() => void live.apply([upsert(1, 5)]))
    live.resync(() => void live.apply([upsert(1, 6)]))
    live.resync(() => void live.apply([upsert(1, 7)]), 'server', 90_000)
    expect(events.map((e) => e.kind)).toEqual(['live', 'resync', 'resync'])
    expect(events[1]).not.toHaveProperty('gapMs')
    expect(events[2]).toMatchObject({ kind: 'resync', gapMs: 90_000, source: 'server' })
    expect(events.map((e) => ('deltas' in e ? e.deltas.length : -1))).toEqual([1, 1, 1])
  })

  it('a replace is one snapshot event with no deltas, whatever it changed', () => {
    const live = new LiveState()
    const events = heard(live)
    live.replace('cache', () => void live.apply([upsert(1, 5), upsert(2, 6)]))
    expect(events).toEqual([{ kind: 'snapshot', source: 'cache' }])
  })
})
