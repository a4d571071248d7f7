import { describe, expect, it } from 'vitest'
import type { Delta } from '../../src/shared/domain/delta'
import { LiveState, type LiveChange } from '../../src/main/core/live/live-state'
import { TableStore } from '../../src/main/core/live/table-store'
import { callRow, tombstoneRow, uid, validRows } from './support/rows'

const upsert = (seq: number, over: Parameters<typeof callRow>[0] = {}): LiveChange => ({
  type: 'upsert',
  table: 'calls',
  row: callRow({ seq, ...over }),
})
const CALL = uid(100)

function recording(live: LiveState): Delta[][] {
  const batches: Delta[][] = []
  live.subscribe((e) => {
    if (e.kind === 'live') batches.push([...e.deltas])
  })
  return batches
}

describe('live state', () => {
  it('never lets an older or equal seq overwrite a newer one', () => {
    const live = new LiveState()
    live.apply([upsert(10, { status: 'active' })])
    live.apply([upsert(7, { status: 'queued' }), upsert(10, { status: 'ringing' })])
    expect(live.get('calls', CALL)?.status).toBe('active')
    live.apply([upsert(11, { status: 'completed' })])
    expect(live.get('calls', CALL)?.status).toBe('completed')
    expect(live.hwm('calls')).toBe(11)
  })

  it('emits one typed delta per change that altered the state, and none for stale ones', () => {
    const live = new LiveState()
    const batches = recording(live)
    live.apply([upsert(10), upsert(9), upsert(12, { status: 'ringing' })])
    expect(batches).toHaveLength(1)
    expect(batches[0]?.map((d) => [d.kind, d.table, d.id])).toEqual([
      ['upsert', 'calls', CALL],
      ['upsert', 'calls', CALL],
    ])
    expect(batches[0]?.[1]).toMatchObject({ row: { seq: 12, status: 'ringing' } })
  })

  it('removes a row through a newer tombstone and blocks the re-insert of an older version', () => {
    const live = new LiveState()
    live.apply([upsert(10)])
    const batches = recording(live)
    live.apply([{ type: 'tombstone', row: tombstoneRow('calls', CALL, 15) }])
    expect(live.get('calls', CALL)).toBeUndefined()
    expect(batches).toEqual([[{ kind: 'remove', table: 'calls', id: CALL }]])
    live.apply([upsert(12)]) // a catch-up page read before the delete
    expect(live.get('calls', CALL)).toBeUndefined()
    expect(live.tombstoneHwm('calls')).toBe(15)
    live.apply([upsert(20)]) // the same id inserted again after the delete
    expect(live.get('calls', CALL)?.seq).toBe(20)
  })

  it('ignores a tombstone older than the row it names (the row was re-inserted)', () => {
    const live = new LiveState()
    live.apply([upsert(30), { type: 'tombstone', row: tombstoneRow('calls', CALL, 25) }])
    expect(live.get('calls', CALL)?.seq).toBe(30)
  })

  it('applies a live DELETE (no seq, id only): the version it deleted stays gone, a re-insert is taken', () => {
    const live = new LiveState()
    live.apply([upsert(10), upsert(40, { id: uid(101) })])
    live.apply([{ type: 'delete', table: 'calls', oldRecord: { id: CALL } }])
    expect(live.get('calls', CALL)).toBeUndefined()
    live.apply([upsert(10), upsert(9)])
    expect(live.get('calls', CALL)).toBeUndefined()
    live.apply([upsert(41)]) // in commit order, a newer version after the delete is a re-insert
    expect(live.get('calls', CALL)?.seq).toBe(41)
  })

  it('counts malformed rows per table and skips them without disturbing the rest', () => {
    const live = new LiveState()
    live.apply([
      upsert(10),
      { type: 'upsert', table: 'calls', row: { ...callRow({ id: uid(5) }), status: 'exploded' } },
      { type: 'upsert', table: 'calls', row: 'not a row' },
      { type: 'upsert', table: 'agents', row: { ...validRows.agents, name: null } },
      { type: 'upsert', table: 'memberships', row: {} },
      { type: 'delete', table: 'calls', oldRecord: {} },
      { type: 'tombstone', row: { seq: 'x' } },
      upsert(11, { id: uid(6) }),
    ])
    expect([...live.table('calls').keys()].sort()).toEqual([uid(6), CALL].sort())
    const malformed = live.malformed()
    expect(malformed.calls?.count).toBe(3)
    expect(malformed.agents).toMatchObject({
      count: 1,
      lastError: expect.stringContaining('name: expected text, got null'),
    })
    expect(malformed['(unknown table)']?.count).toBe(1)
    expect(malformed.tombstones?.count).toBe(1)
  })

  it('replaces a table from a full snapshot, keeping rows newer than it', () => {
    const live = new LiveState()
    live.apply([upsert(5, { id: uid(1) }), upsert(6, { id: uid(2) }), upsert(50, { id: uid(3) })])
    const snapshot = [callRow({ id: uid(1), seq: 8, status: 'active' })]
    const parsed = snapshot.map((row) => live.parse({ type: 'upsert', table: 'calls', row })!)
    const deltas = live.replaceTable('calls', parsed, 40)
    expect(live.get('calls', uid(1))?.status).toBe('active')
    expect(live.get('calls', uid(2))).toBeUndefined() // gone from the snapshot: deleted while away
    expect(live.get('calls', uid(3))?.seq).toBe(50) // arrived live after the snapshot was read
    expect(deltas.map((d) => d.kind).sort()).toEqual(['remove', 'upsert'])
    expect(live.hwm('calls')).toBe(50)
  })

  it('bounds the memory of deleted ids, keeping the most recent', () => {
    const store = new TableStore(100)
    for (let i = 0; i < 1000; i++) store.remove(uid(i), i + 1)
    expect(store.blockCount).toBe(100)
    expect(store.upsert(callRow({ id: uid(999), seq: 500 }))).toBe('deleted')
  })

  it('keeps serving subscribers when one of them throws', () => {
    const live = new LiveState()
    live.subscribe(() => {
      throw new Error('window destroyed')
    })
    const batches = recording(live)
    live.apply([upsert(1)])
    expect(batches).toHaveLength(1)
    expect(live.listenerErrors).toBe(1)
  })

  it('gives a snapshot of every row as upserts', () => {
    const live = new LiveState()
    live.apply(Object.entries(validRows).map(([table, row]) => ({ type: 'upsert' as const, table, row })))
    expect(live.snapshot()).toHaveLength(Object.keys(validRows).length)
    expect(live.snapshot().every((d) => d.kind === 'upsert')).toBe(true)
  })
})

describe('live state events', () => {
  const events = (live: LiveState) => {
    const out: { kind: string; n?: number; source?: string }[] = []
    live.subscribe((e) =>
      out.push(
        e.kind === 'snapshot' ? { kind: e.kind, source: e.source } : { kind: e.kind, n: e.deltas.length },
      ),
    )
    return out
  }

  it('tells a catch-up apart from news: one resync event with what it changed', () => {
    const live = new LiveState()
    const seen = events(live)
    live.apply([upsert(1)])
    live.resync(() => void live.apply([upsert(2), upsert(1, { id: uid(7) })]))
    live.resync(() => void live.apply([upsert(1)])) // changed nothing: no event
    expect(seen).toEqual([
      { kind: 'live', n: 1 },
      { kind: 'resync', n: 2 },
    ])
  })

  it('makes a cached floor the server’s once caught up, with a resync frame even when nothing changed', () => {
    const live = new LiveState()
    const sources: string[] = []
    live.subscribe((e) => void (e.kind === 'resync' && sources.push(`${e.source}:${e.deltas.length}`)))
    live.replace('cache', () => void live.apply([upsert(5)]))
    live.resync(() => void live.apply([upsert(5)])) // the server confirmed the cache: no row changed
    expect(live.source).toBe('server')
    live.resync(() => void live.apply([upsert(5)])) // nothing changed and the source did not either
    expect(sources).toEqual(['server:0'])
  })

  it('replaces the whole state as one snapshot event and records where the rows came from', () => {
    const live = new LiveState()
    const seen = events(live)
    expect(live.source).toBe('none')
    live.replace('cache', () => void live.apply([upsert(5)]))
    expect(live.source).toBe('cache')
    live.replace('server', () => void live.apply([upsert(6)]))
    expect(seen).toEqual([
      { kind: 'snapshot', source: 'cache' },
      { kind: 'snapshot', source: 'server' },
    ])
    expect(live.get('calls', CALL)?.seq).toBe(6)
  })

  it('forgets rows, marks and deletes on reset, so another session starts from nothing', () => {
    const live = new LiveState()
    live.replace(
      'server',
      () => void live.apply([upsert(9), { type: 'tombstone', row: tombstoneRow('calls', uid(3), 20) }]),
    )
    expect(live.hwm('calls')).toBe(9)
    expect(live.tombstoneHwm('calls')).toBe(20)
    const seen = events(live)
    live.reset()
    expect(live.table('calls').size).toBe(0)
    expect([live.hwm('calls'), live.tombstoneHwm('calls'), live.source]).toEqual([0, 0, 'none'])
    expect(seen).toEqual([{ kind: 'snapshot', source: 'none' }])
    // A row older than a delete the previous session knew of is welcome in the new one.
    live.apply([upsert(2, { id: uid(3) })])
    expect(live.table('calls').has(uid(3))).toBe(true)
  })

  it('says nothing on a reset when it already knows nothing, and speaks when anything is known', () => {
    const live = new LiveState()
    const seen = events(live)
    live.reset()
    expect(seen).toEqual([])
    // Marks alone (an empty snapshot complete to seq 4) are something to forget.
    live.replace('server', () => live.advance('alerts', 4))
    seen.length = 0
    live.reset()
    expect(seen).toEqual([{ kind: 'snapshot', source: 'none' }])
    // So is the source: an empty floor from the server is not "nothing known".
    live.replace('server', () => undefined)
    seen.length = 0
    live.reset()
    expect(seen).toEqual([{ kind: 'snapshot', source: 'none' }])
    // A tombstone mark alone, too.
    live.replace('none', () => live.advance('calls', 0, 3))
    seen.length = 0
    live.reset()
    expect(seen).toEqual([{ kind: 'snapshot', source: 'none' }])
  })
})
