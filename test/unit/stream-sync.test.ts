import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { StreamSync, type SyncState } from '../../src/main/core/live/stream-sync'
import { callRow, sessionRow, tombstoneRow, uid } from './support/rows'

const call = (n: number, seq: number, status: 'queued' | 'active' | 'completed' = 'queued') =>
  callRow({ id: uid(n), seq, status })
const liveUpsert = (row: unknown): LiveChange => ({ type: 'upsert', table: 'calls', row })

function setup() {
  const live = new LiveState()
  const clock = new ManualClock()
  const states: SyncState[] = []
  const sync = new StreamSync(live, ['calls', 'agent_sessions'], clock, {
    onStateChange: (s) => states.push(s),
  })
  return { live, clock, sync, states }
}

/** Subscribes and confirms; returns the catch-up request. */
function join(sync: StreamSync) {
  sync.subscribe()
  expect(sync.subscribed()).toBeNull()
  const request = sync.confirmed()
  if (!request) throw new Error('expected a catch-up request')
  return request
}

function goLive(sync: StreamSync, rows: unknown[] = []) {
  const request = join(sync)
  expect(sync.complete(request, { rows: { calls: rows }, tombstones: [] })).toBe(true)
}

describe('stream resync', () => {
  it('goes live only after SUBSCRIBED, the system confirmation and the catch-up, in that protocol', () => {
    const { sync, states } = setup()
    expect(sync.state).toBe('idle')
    sync.subscribe()
    expect(sync.subscribed()).toBeNull() // SUBSCRIBED alone: changes may not flow yet
    expect(sync.state).toBe('subscribing')
    const request = sync.confirmed()
    expect(request).toMatchObject({ full: true })
    expect(request?.tables).toEqual([
      { table: 'calls', sinceSeq: 0, tombstonesSinceSeq: 0 },
      { table: 'agent_sessions', sinceSeq: 0, tombstonesSinceSeq: 0 },
    ])
    expect(sync.state).toBe('catching-up')
    sync.complete(request!, { rows: {}, tombstones: [] })
    expect(states).toEqual(['subscribing', 'catching-up', 'live'])
  })

  it('accepts the confirmation before SUBSCRIBED', () => {
    const { sync } = setup()
    sync.subscribe()
    expect(sync.confirmed()).toBeNull()
    expect(sync.subscribed()).toMatchObject({ full: true })
  })

  it('can skip the confirmation for streams that have none (broadcast from database)', () => {
    const live = new LiveState()
    const sync = new StreamSync(live, ['calls'], new ManualClock(), { requireConfirmation: false })
    sync.subscribe()
    expect(sync.subscribed()).toMatchObject({ full: true })
  })

  it('loses no event and duplicates none when writes land during subscribe and catch-up', () => {
    const { sync, live } = setup()
    goLive(sync, [call(1, 1)])
    sync.lost()
    const deltas: string[] = []
    live.subscribe((ds) =>
      deltas.push(...ds.map((d) => `${d.kind}:${d.id}:${d.kind === 'upsert' ? d.row.seq : ''}`)),
    )

    sync.subscribe()
    sync.receive(liveUpsert(call(2, 5))) // arrives before SUBSCRIBED
    sync.subscribed()
    const request = sync.confirmed()!
    expect(request).toMatchObject({
      full: false,
      tables: [{ table: 'calls', sinceSeq: 1 }, expect.anything()],
    })
    sync.receive(liveUpsert(call(3, 7))) // during catch-up
    sync.receive(liveUpsert(call(2, 5))) // the same change twice (two bindings)
    expect(live.get('calls', uid(3))).toBeUndefined() // buffered, not applied before the merge
    expect(sync.buffered).toBe(3)

    // The catch-up saw seq 5 and 6 (6 was missed live), but ran before seq 7 committed.
    sync.complete(request, { rows: { calls: [call(2, 5), call(4, 6)] }, tombstones: [] })
    expect(sync.state).toBe('live')
    expect([...live.table('calls').keys()].sort()).toEqual([uid(1), uid(2), uid(3), uid(4)])
    expect(deltas).toEqual([`upsert:${uid(2)}:5`, `upsert:${uid(4)}:6`, `upsert:${uid(3)}:7`])
    expect(sync.gaps.get('calls')).toMatchObject({
      lastMissed: 1,
      lastBuffered: 3,
      lastDuplicates: 2,
      lastFull: false,
    })
  })

  it('counts every change missed while disconnected, including deletes, once per entity', () => {
    const { sync, live } = setup()
    goLive(sync, [call(1, 1), call(2, 2), call(3, 3)])
    sync.receive({ type: 'upsert', table: 'agent_sessions', row: sessionRow({ seq: 4 }) })
    sync.lost()
    const request = join(sync)
    expect(request.tables).toEqual([
      { table: 'calls', sinceSeq: 3, tombstonesSinceSeq: 0 },
      { table: 'agent_sessions', sinceSeq: 4, tombstonesSinceSeq: 0 },
    ])
    sync.complete(request, {
      rows: { calls: [call(1, 9, 'completed'), call(5, 10)], agent_sessions: [] },
      tombstones: [tombstoneRow('calls', uid(2), 11)],
    })
    expect(live.get('calls', uid(1))?.status).toBe('completed')
    expect(live.get('calls', uid(2))).toBeUndefined()
    expect(sync.gaps.get('calls')).toMatchObject({ lastMissed: 3, totalMissed: 3, resyncs: 2 })
    expect(sync.gaps.get('agent_sessions')).toMatchObject({ lastMissed: 0, resyncs: 2 })
    expect(live.tombstoneHwm('calls')).toBe(11)
  })

  it('lets a buffered live DELETE win over an older catch-up row', () => {
    const { sync, live } = setup()
    goLive(sync, [call(1, 1)])
    sync.lost()
    const request = join(sync)
    sync.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } })
    sync.complete(request, { rows: { calls: [call(1, 4, 'active')] }, tombstones: [] })
    expect(live.get('calls', uid(1))).toBeUndefined()
  })

  it('does not let a buffered DELETE remove a re-insert the catch-up already holds', () => {
    const { sync, live } = setup()
    goLive(sync, [call(1, 1), call(9, 50)])
    sync.lost()
    const request = join(sync)
    sync.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // tombstone seq 60
    sync.receive(liveUpsert(call(1, 61))) // the same id inserted again
    // The catch-up query ran after both.
    sync.complete(request, {
      rows: { calls: [call(1, 61)] },
      tombstones: [tombstoneRow('calls', uid(1), 60)],
    })
    expect(live.get('calls', uid(1))?.seq).toBe(61)
    expect(sync.gaps.get('calls')).toMatchObject({ lastMissed: 0, lastDuplicates: 2 })
  })

  it('applies a buffered DELETE that happened after the catch-up query, even after a re-insert', () => {
    const { sync, live } = setup()
    goLive(sync, [call(1, 1)])
    sync.lost()
    const request = join(sync)
    sync.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // seq 60
    sync.receive(liveUpsert(call(1, 61)))
    sync.receive({ type: 'delete', table: 'calls', oldRecord: { id: uid(1) } }) // seq 62, after the query
    sync.complete(request, {
      rows: { calls: [call(1, 61)] },
      tombstones: [tombstoneRow('calls', uid(1), 60)],
    })
    expect(live.get('calls', uid(1))).toBeUndefined()
  })

  it('replaces the tables on the first connect (the offline cache may be out of date)', () => {
    const { sync, live } = setup()
    live.apply([liveUpsert(call(1, 3)), liveUpsert(call(2, 4))]) // loaded from the offline cache
    const request = join(sync)
    expect(request.full).toBe(true)
    sync.complete(request, {
      rows: { calls: [call(1, 8, 'active')] },
      tombstones: [],
      snapshotHwm: { calls: 9 },
    })
    expect([...live.table('calls').keys()]).toEqual([uid(1)])
    expect(live.hwm('calls')).toBe(9)
    expect(sync.gaps.get('calls')).toMatchObject({ lastFull: true, lastMissed: 2, totalMissed: 0 })
  })

  it('ignores the re-sent confirmation after a token refresh, but resyncs after a silent rejoin', () => {
    const { sync } = setup()
    goLive(sync)
    expect(sync.confirmed()).toBeNull()
    expect(sync.state).toBe('live')
    sync.subscribed() // SUBSCRIBED again without a CLOSED first: the channel rejoined
    expect(sync.state).toBe('subscribing')
    expect(sync.confirmed()).toMatchObject({ full: false })
  })

  it('ignores the result of a catch-up overtaken by a reconnect, and retries a failed one', () => {
    const { sync, live } = setup()
    const first = join(sync)
    sync.lost()
    expect(sync.complete(first, { rows: { calls: [call(1, 1)] }, tombstones: [] })).toBe(false)
    expect(live.get('calls', uid(1))).toBeUndefined()
    const second = join(sync)
    const retry = sync.failed(second)
    expect(retry?.attempt).toBeGreaterThan(second.attempt)
    expect(sync.complete(second, { rows: {}, tombstones: [] })).toBe(false)
    expect(sync.complete(retry!, { rows: {}, tombstones: [] })).toBe(true)
  })

  it('applies live events directly once live, and counts malformed ones', () => {
    const { sync, live } = setup()
    goLive(sync)
    sync.receive(liveUpsert(call(1, 3)))
    sync.receive(liveUpsert({ id: 'nope' }))
    expect(live.get('calls', uid(1))).toBeDefined()
    expect(live.malformed().calls?.count).toBe(1)
  })

  it('drops everything on unsubscribe', () => {
    const { sync, live } = setup()
    sync.subscribe()
    sync.receive(liveUpsert(call(1, 3)))
    sync.unsubscribe()
    expect(sync.state).toBe('idle')
    expect(sync.buffered).toBe(0)
    sync.receive(liveUpsert(call(2, 4)))
    expect(live.table('calls').size).toBe(0)
  })
})
