// Delivery mode `broadcast`: a private channel fed by realtime.broadcast_changes triggers (migration
// 20261121000010), the same domain events as postgres_changes; malformed payloads are counted and
// skipped; the server tick; and a channel that keeps being refused is replaced with backoff, not rejoined
// in a loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Console as FloorEngine } from '../../src/main/core/console'
import { fromDatabaseBroadcast, fromPostgresChange } from '../../src/main/core/feed'
import type { Backend } from '../../src/main/embedded/backend'
import { DEFAULT_CONFIG } from '../../src/main/embedded/context'
import { eventually, testBackend } from '../helpers/backend'
import * as f from './core-fixtures'

let backend: Backend
let engine: FloorEngine
let view: f.TestView
let orgId: string
let topic: string

const send = (payload: unknown, event: string, isPrivate = true) =>
  backend.ctx.db.query('select realtime.send($1::jsonb, $2, $3, $4)', [
    JSON.stringify(payload),
    event,
    topic,
    isPrivate,
  ])

beforeAll(async () => {
  // No ticker: the ticks of this file are sent by the tests, so a slow machine cannot slip one in early.
  backend = await testBackend({
    tickIntervalMs: 0,
    config: { realtime: { ...DEFAULT_CONFIG.realtime, joinErrorDelayMs: 0 } },
  })
  orgId = backend.demo!.orgId
  topic = `floor:${orgId}`
  await backend.ctx.db.query("select public.floor_set_delivery('broadcast')")
  engine = f.engineFor(backend, { mode: 'broadcast', tickIntervalMs: 400 })
  await engine.start()
  view = f.attachView(engine)
})

afterAll(async () => {
  await engine?.stop()
  await backend?.stop()
})

describe('broadcast-from-database mode', () => {
  it('joins the private channel and loads the floor', async () => {
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')
    expect(engine.health()).toMatchObject({ mode: 'broadcast', channels: [{ topic, status: 'connected' }] })
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)
    expect(backend.realtime.stats()).toMatchObject({ sockets: 1, channels: 1, subscriptions: 0 })
  })

  it('delivers inserts, updates and deletes as the same domain events', async () => {
    const w = f.writer(backend, orgId)
    const id = await w.insertCall()
    await w.holdCall(id, 42)
    await eventually(() => view.state.calls?.get(id)?.hold_seconds === 42, 5000, 'insert + update')
    await w.deleteCall(id)
    await eventually(() => !view.state.calls?.has(id), 5000, 'the delete')
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)
    expect(engine.health().metrics.latencyMs.last).not.toBeNull()
  })

  it('counts and skips malformed payloads, and keeps going', async () => {
    await send(
      { operation: 'INSERT', table: 'calls', schema: 'public', record: { id: 'not-a-uuid' } },
      'INSERT',
    )
    await send({ operation: 'INSERT', table: 'no_such_table', schema: 'public', record: { id: 1 } }, 'INSERT')
    await send({ nothing: 'useful' }, 'UPDATE')
    await eventually(() => Object.keys(engine.health().malformed).length === 3, 5000, 'three counted')
    expect(engine.health().malformed).toMatchObject({
      calls: { count: 1, lastError: expect.stringContaining('uuid') },
      '(unknown table)': { count: 1 },
      '(unreadable)': { count: 1 },
    })
    const id = await f.writer(backend, orgId).insertCall('after the junk')
    await eventually(() => view.state.calls?.has(id), 5000, 'a good change after the junk')
    expect(f.stateIs(engine, 'LIVE')).toBe(true)
  })

  it('says so while there is no server tick, and goes STALE when the tick stops, once one was seen', async () => {
    expect(engine.health().tick.seen).toBe(false)
    // A real project without the optional pg_cron job: Live, but staleness is judged from heartbeats only.
    const noTick = await eventually(
      () => (/no server tick/.test(engine.health().reason) ? engine.health() : null),
      5000,
      'the no-tick note',
    )
    expect(noTick).toMatchObject({
      state: 'LIVE',
      reason: expect.stringContaining('no server tick: staleness from heartbeats only'),
    })
    await send({ at: new Date().toISOString() }, 'tick')
    await eventually(() => engine.health().tick.seen, 5000, 'a tick')
    const stale = await eventually(
      () => (engine.health().state === 'STALE' ? engine.health() : null),
      5000,
      'STALE without ticks',
    )
    expect(stale?.reason).toMatch(/tick/)
    await send({ at: new Date().toISOString() }, 'tick')
    await eventually(() => f.stateIs(engine, 'LIVE'), 5000, 'LIVE with a fresh tick')
    await engine.stop() // the remaining tests use their own engines
  })

  it('replaces a channel the server keeps refusing (with backoff), and recovers when allowed again', async () => {
    const refused = f.engineFor(backend, { mode: 'broadcast', startTimeoutMs: 200 })
    try {
      await backend.ctx.db.exec('alter policy floor_members_receive on realtime.messages using (false)')
      await refused.start()
      const counts = () =>
        (refused.diagnostics() as { connection: Record<string, number> }).connection as Record<
          'replacements' | 'channelErrors',
          number
        >
      await eventually(() => counts().replacements >= 2, 20_000, 'two replacements')
      expect(counts().channelErrors).toBeLessThanOrEqual(3 * (counts().replacements + 1))
      expect(refused.health().state).not.toBe('LIVE')
      expect(refused.health().channels[0]?.reason).toMatch(/permission|Unauthorized/i)
      await backend.ctx.db.exec(`alter policy floor_members_receive on realtime.messages
        using (extension in ('broadcast', 'presence') and public.is_member(public.floor_topic_org(realtime.topic())))`)
      refused.wake('resume')
      await eventually(() => f.stateIs(refused, 'LIVE'), 20_000, 'LIVE once allowed')
      // The refused channels' leaves may still be on their way: one channel, once they have arrived.
      await eventually(() => backend.realtime.stats().channels === 1, 5000, 'one channel left')
    } finally {
      await refused.stop()
    }
  })
})

describe('the feed parsing boundary', () => {
  it('reads postgres_changes and database broadcasts into the same changes, and refuses the rest', () => {
    const row = { id: 'x', org_id: 'y', seq: 1, updated_at: '2026-11-21T10:00:00+00:00' }
    const pg = fromPostgresChange({
      table: 'calls',
      eventType: 'UPDATE',
      new: row,
      old: {},
      commit_timestamp: 'T',
    })
    const db = fromDatabaseBroadcast({
      event: 'UPDATE',
      payload: { operation: 'UPDATE', table: 'calls', record: row },
    })
    expect(pg?.change).toEqual(db?.change)
    expect(db?.committedAt).toBe(row.updated_at)
    expect(fromPostgresChange({ table: 'tombstones', eventType: 'INSERT', new: { seq: 3 } })?.change).toEqual(
      {
        type: 'tombstone',
        row: { seq: 3 },
      },
    )
    expect(fromPostgresChange({ table: 'calls', eventType: 'DELETE', old: { id: 'x' } })?.change).toEqual({
      type: 'delete',
      table: 'calls',
      oldRecord: { id: 'x' },
    })
    for (const junk of [null, 1, 'x', [], {}, { table: 1 }, { table: 'calls', eventType: 'TRUNCATE' }]) {
      expect(fromPostgresChange(junk)).toBeNull()
      expect(fromDatabaseBroadcast(junk)).toBeNull()
    }
  })
})
