// Resync that is always exact, against the real REST server: catch-ups read in keyset pages (many of
// them, with a small page size), the seq overlap recovers a row committed late with a lower seq, and an
// absence that crosses the tombstone horizon (deletes whose tombstones were pruned meanwhile) reloads the
// whole floor instead of keeping rows that no longer exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Console } from '../../src/main/core/console'
import type { Backend } from '../../src/main/embedded/backend'
import { eventually, testBackend } from '../helpers/backend'
import * as f from './core-fixtures'

let backend: Backend
let orgId: string
const cleanup: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  backend = await testBackend()
  orgId = backend.demo!.orgId
  const w = f.writer(backend, orgId)
  for (let i = 0; i < 120; i++) await w.insertCall(`seed ${i}`)
})
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
  await backend?.stop()
})

async function started(engine: Console): Promise<Console> {
  cleanup.push(() => engine.stop())
  await engine.start()
  await eventually(() => f.stateIs(engine, 'LIVE'), 15_000, 'LIVE')
  return engine
}

describe('catch-up', () => {
  it('reads in many keyset pages and recovers, through the overlap, a row committed late with a lower seq', async () => {
    const { gate, Gated } = f.gatedWebSocket()
    const engine = await started(
      f.engineFor(backend, { webSocket: Gated, catchUp: { pageSize: 7, overlapSeq: 40 } }),
    )
    const view = f.attachView(engine)
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)
    // A transaction takes its seq now and commits only after the console has seen later ones.
    const reserved = await backend.ctx.db.query<{ v: string }>(
      "select nextval('public.floor_seq')::text as v",
    )
    const lateSeq = Number(reserved.rows[0]!.v)
    const w = f.writer(backend, orgId)
    for (let i = 0; i < 5; i++) await w.insertCall(`after the reservation ${i}`)
    await eventually(
      () => Math.max(...[...view.state.calls!.values()].map((c) => c.seq)) > lateSeq + 4,
      5000,
      'later rows seen',
    )

    gate.blocked = true
    backend.realtime.disconnectAll('abrupt')
    await eventually(() => !f.stateIs(engine, 'LIVE'), 10_000, 'the drop')
    const away: string[] = []
    for (let i = 0; i < 60; i++) away.push(await w.insertCall(`away ${i}`))
    for (const id of away.slice(0, 10)) await w.deleteCall(id)
    // A transaction that took its seq before the console's mark but committed after it.
    const lateId = await w.insertCall('late')
    await backend.ctx.db.exec('alter table public.calls disable trigger user')
    await backend.ctx.db.query('update public.calls set seq = $2 where id = $1', [lateId, lateSeq])
    await backend.ctx.db.exec('alter table public.calls enable trigger user')

    gate.blocked = false
    engine.wake('network-change')
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE again')
    await eventually(() => f.sameAsDatabase(backend, orgId, view), 5000, 'the database state')
    expect(view.state.calls?.get(lateId)?.seq).toBe(lateSeq)
    expect(view.regressions).toEqual([])
    // The incremental catch-up took far more than one page of 7 rows.
    expect(engine.health().gapDetail.calls).toMatchObject({ lastFull: false })
    expect(engine.health().gapDetail.calls!.lastMissed).toBeGreaterThanOrEqual(50)
  })
})

describe('the tombstone horizon', () => {
  it('reloads the whole floor after an absence past it, so deleted rows do not survive', async () => {
    const { gate, Gated } = f.gatedWebSocket()
    const engine = await started(f.engineFor(backend, { webSocket: Gated }))
    const view = f.attachView(engine)
    const w = f.writer(backend, orgId)
    const doomed = [await w.insertCall('doomed 1'), await w.insertCall('doomed 2')]
    await eventually(() => doomed.every((id) => view.state.calls?.has(id)), 5000, 'the rows')

    gate.blocked = true
    backend.realtime.disconnectAll('abrupt')
    await eventually(() => !f.stateIs(engine, 'LIVE'), 10_000, 'the drop')
    for (const id of doomed) await w.deleteCall(id)
    // Their tombstones are pruned while the console is away: the horizon moves past what it knows.
    await backend.ctx.db.query("select public.floor_prune_tombstones(interval '0 seconds')")
    const horizon = await backend.ctx.db.query<{ table_name: string; pruned_through: string }>(
      'select table_name, pruned_through from public.tombstone_horizons where org_id = $1',
      [orgId],
    )
    expect(horizon.rows.map((r) => r.table_name)).toContain('calls')

    gate.blocked = false
    engine.wake('network-change')
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE again')
    await eventually(() => doomed.every((id) => !view.state.calls?.has(id)), 5000, 'the deleted rows gone')
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)
    expect(engine.health().gapDetail.calls).toMatchObject({ lastFull: true })
  })
})
