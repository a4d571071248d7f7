// The data side of a resync: live events buffered while the session is not live, merged with a catch-up
// result, deduplicated by (table, id, seq), deletes without a seq placed right, and the gaps counted. When to
// buffer and which result is current are the session machine's (session-machine.test.ts).
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { Merger, type CatchUpResult } from '../../src/main/core/live/merger'
import { callRow, sessionRow, tombstoneRow, uid } from './support/rows'

const call = (n: number, seq: number, status: 'queued' | 'active' | 'completed' = 'queued') =>
  callRow({ id: uid(n), seq, status })
const liveUpsert = (row: unknown): LiveChange => ({ type: 'upsert', table: 'calls', row })

function setup(maxBuffered?: number) {
  const live = new LiveState()
  const clock = new ManualClock()
  const merger = new Merger(live, ['calls', 'agent_sessions'], clock, maxBuffered)
  let attempt = 0
  /** One catch-up: the request from the marks, then the result merged. */
  const catchUp = (full: boolean, result: CatchUpResult) => {
    const request = merger.request(++attempt, full)
    merger.merge(request, result)
    return request
  }
  const goLive = (rows: unknown[] = []) => catchUp(true, { rows: { calls: rows }, tombstones: [] })
  return { live, clock, merger, catchUp, goLive }
}

describe('merger', () => {
  it('asks for everything the first time and for what is past the marks after', () => {
    const { merger, goLive } = setup()
    expect(merger.request(1, true).tables).toEqual([
      { table: 'calls', sinceSeq: 0, tombstonesSinceSeq: 0 },
      { table: 'agent_sessions', sinceSeq: 0, tombstonesSinceSeq: 0 },
    ])
    goLive([call(1, 4)])
    expect(merger.request(2, false)).toEqual({
      attempt: 2,
      full: false,
      tables: [
        { table: 'calls', sinceSeq: 4, tombstonesSinceSeq: 0 },
        { table: 'agent_sessions', sinceSeq: 0, tombstonesSinceSeq: 0 },
      ],
    })
  })

  it('loses no event and duplicates none when writes land during subscribe and catch-up', () => {
    const { merger, live, goLive, catchUp } = setup()
    goLive([call(1, 1)])
    merger.hold()
    const deltas: string[] = []
    live.subscribe((e) => {
      if (e.kind === 'snapshot') return
      deltas.push(
        ...e.deltas.map((d) => `${e.kind}:${d.kind}:${d.id}:${d.kind === 'upsert' ? d.row.seq : ''}`),
      )
    })
    merger.receive(liveUpsert(call(2, 5))) // arrives before SUBSCRIBED
    merger.receive(liveUpsert(call(3, 7))) // during catch-up
    merger.receive(liveUpsert(call(2, 5))) // the same change twice (two bindings)
    expect(live.get('calls', uid(3))).toBeUndefined() // buffered, not applied before the merge
    expect(merger.buffered).toBe(3)

    // The catch-up saw seq 5 and 6 (6 was missed live), but ran before seq 7 committed.
    catchUp(false, { rows: { calls: [call(2, 5), call(4, 6)] }, tombstones: [] })
    expect(merger.applying).toBe(true)
    expect([...live.table('calls').keys()].sort()).toEqual([uid(1), uid(2), uid(3), uid(4)])
    // One resync frame, in commit order: replayed state, not news.
    expect(deltas).toEqual([
      `resync:upsert:${uid(2)}:5`,
      `resync:upsert:${uid(4)}:6`,
      `resync:upsert:${uid(3)}:7`,
    ])
    expect(merger.gaps.get('calls')).toMatchObject({
      lastMissed: 1,
      lastBuffered: 3,
      lastDuplicates: 2,
      lastFull: false,
    })
    merger.receive(liveUpsert(call(9, 8)))
    expect(deltas.at(-1)).toBe(`live:upsert:${uid(9)}:8`)
  })

  it('counts every change missed while disconnected, including deletes, once per entity', () => {
    const { merger, live, goLive, catchUp } = setup()
    goLive([call(1, 1), call(2, 2), call(3, 3)])
    merger.receive({ type: 'upsert', table: 'agent_sessions', row: sessionRow({ seq: 4 }) })
    merger.hold()
    const request = catchUp(false, {
      rows: { calls: [call(1, 9, 'completed'), call(5, 10)], agent_sessions: [] },
      tombstones: [tombstoneRow('calls', uid(2), 11)],
    })
    expect(request.tables).toEqual([
      { table: 'calls', sinceSeq: 3, tombstonesSinceSeq: 0 },
      { table: 'agent_sessions', sinceSeq: 4, tombstonesSinceSeq: 0 },
    ])
    expect(live.get('calls', uid(1))?.status).toBe('completed')
    expect(live.get('calls', uid(2))).toBeUndefined()
    expect(merger.gaps.get('calls')).toMatchObject({ lastMissed: 3, totalMissed: 3, resyncs: 2 })
    expect(merger.gaps.get('agent_sessions')).toMatchObject({ lastMissed: 0, resyncs: 2 })
    expect(live.tombstoneHwm('calls')).toBe(11)
  })

  it('lets a buffered live DELETE win over an older catch-up row', () => {
    const { merger, live, goLive, catchUp } = setup()
    goLive([call(1, 1)])
    merger.hold()
    merger.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } })
    catchUp(false, { rows: { calls: [call(1, 4, 'active')] }, tombstones: [] })
    expect(live.get('calls', uid(1))).toBeUndefined()
  })

  it('does not let a buffered DELETE remove a re-insert the catch-up already holds', () => {
    const { merger, live, goLive, catchUp } = setup()
    goLive([call(1, 1), call(9, 50)])
    merger.hold()
    merger.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // tombstone seq 60
    merger.receive(liveUpsert(call(1, 61))) // the same id inserted again
    // The catch-up query ran after both.
    catchUp(false, { rows: { calls: [call(1, 61)] }, tombstones: [tombstoneRow('calls', uid(1), 60)] })
    expect(live.get('calls', uid(1))?.seq).toBe(61)
    expect(merger.gaps.get('calls')).toMatchObject({ lastMissed: 0, lastDuplicates: 2 })
  })

  it('applies a buffered DELETE that happened after the catch-up query, even after a re-insert', () => {
    const { merger, live, goLive, catchUp } = setup()
    goLive([call(1, 1)])
    merger.hold()
    merger.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // seq 60
    merger.receive(liveUpsert(call(1, 61)))
    merger.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // seq 62, after the query
    catchUp(false, { rows: { calls: [call(1, 61)] }, tombstones: [tombstoneRow('calls', uid(1), 60)] })
    expect(live.get('calls', uid(1))).toBeUndefined()
  })

  it('replaces the tables on a full snapshot, as one whole-state event from the server', () => {
    const { live, catchUp } = setup()
    live.replace('cache', () => void live.apply([liveUpsert(call(1, 3)), liveUpsert(call(2, 4))]))
    const events: string[] = []
    live.subscribe((e) => events.push(e.kind === 'snapshot' ? `snapshot:${e.source}` : e.kind))
    catchUp(true, { rows: { calls: [call(1, 8, 'active')] }, tombstones: [], snapshotHwm: { calls: 9 } })
    expect(events).toEqual(['snapshot:server'])
    expect([...live.table('calls').keys()]).toEqual([uid(1)])
    expect(live.hwm('calls')).toBe(9)
  })

  it('counts what a full snapshot loads or removes apart from what was missed', () => {
    const { merger, live, catchUp } = setup()
    live.apply([liveUpsert(call(1, 3)), liveUpsert(call(2, 4))])
    catchUp(true, { rows: { calls: [call(1, 8, 'active')] }, tombstones: [], snapshotHwm: { calls: 9 } })
    expect(merger.gaps.get('calls')).toMatchObject({ lastFull: true, lastMissed: 2, totalMissed: 0 })
  })

  it('applies live events directly once merged, and counts malformed ones', () => {
    const { merger, live, goLive } = setup()
    goLive()
    merger.receive(liveUpsert(call(1, 3)))
    merger.receive(liveUpsert({ id: 'nope' }))
    expect(live.get('calls', uid(1))).toBeDefined()
    expect(live.malformed().calls?.count).toBe(1)
  })

  it('drops the buffer when it overflows and says so, so the catch-up is asked again', () => {
    const { merger, live } = setup(3)
    expect([1, 2, 3].map((n) => merger.receive(liveUpsert(call(n, n))))).toEqual([true, true, true])
    expect(merger.receive(liveUpsert(call(4, 4)))).toBe(false)
    expect(merger.buffered).toBe(0)
    expect(live.table('calls').size).toBe(0)
  })

  it('drops what is buffered when the session ends', () => {
    const { merger, live } = setup()
    merger.receive(liveUpsert(call(1, 3)))
    merger.clear()
    expect(merger.buffered).toBe(0)
    expect(merger.applying).toBe(false)
    merger.receive(liveUpsert(call(2, 4)))
    expect(live.table('calls').size).toBe(0)
  })

  it('keeps live events that came while a full snapshot was read, newer than it, and only once', () => {
    const { merger, live, goLive } = setup()
    goLive([call(1, 1)])
    merger.hold()
    merger.receive(liveUpsert(call(2, 9))) // committed after the snapshot's rows were read
    merger.receive(liveUpsert(call(1, 3))) // a version the snapshot also holds
    merger.receive(liveUpsert(call(1, 3)))
    goLive([call(1, 3)])
    expect(live.get('calls', uid(2))?.seq).toBe(9)
    expect(live.get('calls', uid(1))?.seq).toBe(3)
    expect(merger.gaps.get('calls')).toMatchObject({ lastDuplicates: 2 })
  })

  it('answers true for what it took (malformed or applied) and false only on an overflow', () => {
    const { merger, goLive } = setup(1)
    expect(merger.receive(liveUpsert({ id: 'not a uuid' }))).toBe(true)
    goLive()
    expect(merger.receive(liveUpsert(call(1, 2)))).toBe(true)
  })

  it('a full snapshot applies the tombstones it read and skips malformed rows and tombstones', () => {
    const { live, goLive, catchUp } = setup()
    goLive([call(1, 1), call(2, 2)])
    catchUp(true, {
      rows: { calls: [call(1, 1), call(2, 2), { id: 'broken' }] },
      tombstones: [tombstoneRow('calls', uid(2), 8), { row_id: 'broken' }],
    })
    expect([...live.table('calls').keys()]).toEqual([uid(1)])
    expect(live.tombstoneHwm('calls')).toBeGreaterThanOrEqual(0)
    expect(live.malformed().calls?.count).toBe(1)
    expect(live.malformed().tombstones?.count).toBe(1)
  })
})
