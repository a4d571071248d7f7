// The engine against a real embedded backend over real sockets: the initial load, changes flowing to
// views, one socket and one channel whatever the number of views, writes right after SUBSCRIBED, presence
// and alert actions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Console as FloorEngine } from '../../src/main/core/console'
import type { Backend } from '../../src/main/embedded/backend'
import { startsSnapshot } from '../../src/shared/domain/delta'
import { eventually, testBackend } from '../helpers/backend'
import { attachView, engineFor, sameAsDatabase, sleep, stateIs, writer, type TestView } from './core-fixtures'

let backend: Backend
let engine: FloorEngine
let view: TestView
let orgId: string

beforeAll(async () => {
  backend = await testBackend()
  orgId = backend.demo!.orgId
  engine = engineFor(backend)
  await engine.start()
  view = attachView(engine)
})

afterAll(async () => {
  await engine?.stop()
  await backend?.stop()
})

describe('initial load', () => {
  it('signs in, picks the first org and goes LIVE with a snapshot equal to the database', async () => {
    expect(engine.session()).toMatchObject({
      user: { email: backend.demo!.email },
      orgId,
      orgs: [{ id: orgId, role: 'supervisor' }],
    })
    await eventually(() => stateIs(engine, 'LIVE'), 10_000, 'LIVE')
    expect(view.resets).toBe(1)
    expect(view.state.agents?.size).toBe(40)
    expect(await sameAsDatabase(backend, orgId, view)).toBe(true)
    const h = engine.health()
    expect(h.channels).toEqual([{ topic: `floor:${orgId}`, status: 'connected' }])
    expect(h.sync).toBe('live')
    expect(h.gapDetail.agents).toMatchObject({ resyncs: 1, lastFull: true, lastMissed: 40 })
    expect(h.skew.measured).toBe(true)
  })
})

describe('start-up frames', () => {
  it('a view attached before start gets its own empty frame, then only the server snapshot', async () => {
    const other = engineFor(backend)
    const frames: string[] = []
    other.attachView({
      send: (batch) => {
        if (startsSnapshot(batch)) frames.push(`${batch.frame!.source}${batch.deltas.length ? '+rows' : ''}`)
        return true
      },
    })
    try {
      await other.start()
      await eventually(() => stateIs(other, 'LIVE'), 10_000, 'LIVE')
      // No empty frames of the console's own between them (they used to be two: a reset per step).
      expect(frames).toEqual(['none', 'server+rows'])
    } finally {
      await other.stop()
    }
  })
})

describe('changes flow to views', () => {
  it('delivers inserts, updates and deletes to a view, coalesced and in seq order', async () => {
    const w = writer(backend, orgId)
    const id = await w.insertCall('+44 •••• 0101')
    await eventually(() => view.state.calls?.get(id), 5000, 'the insert')
    for (let s = 1; s <= 20; s++) await w.holdCall(id, s)
    await eventually(() => view.state.calls?.get(id)?.hold_seconds === 20, 5000, 'the updates')
    const alertId = await w.raiseAlert()
    await eventually(() => view.state.alerts?.get(alertId)?.status === 'open', 5000, 'the alert')
    await w.deleteCall(id)
    await eventually(() => !view.state.calls?.has(id), 5000, 'the delete')
    expect(await sameAsDatabase(backend, orgId, view)).toBe(true)
    expect(view.regressions).toEqual([])
    // Twenty updates of one call inside a flush window travel as far fewer deltas.
    expect(view.batches).toBeLessThan(20)
    expect(engine.health().metrics.eventsPerSecond.calls).toBeGreaterThan(0)
  })

  it('four views share one socket and one channel; each gets a snapshot, then the same changes', async () => {
    const before = backend.realtime.stats()
    expect(before).toMatchObject({ sockets: 1, channels: 1 })
    const views = [attachView(engine), attachView(engine), attachView(engine), attachView(engine)]
    const id = await writer(backend, orgId).insertCall()
    for (const v of views) await eventually(() => v.state.calls?.has(id), 5000, 'the insert in every view')
    expect(backend.realtime.stats()).toEqual(before)
    for (const v of views) {
      expect(v.resets).toBe(1)
      expect(await sameAsDatabase(backend, orgId, v)).toBe(true)
      v.close()
    }
  })
})

describe('actions and presence', () => {
  it('acknowledges an alert through the RPC, idempotently, and the change streams back', async () => {
    const alertId = await writer(backend, orgId).raiseAlert('Abandon rate high')
    const clientEventId = globalThis.crypto.randomUUID()
    const input = { alertId, kind: 'ack' as const, clientEventId, comment: 'on it' }
    expect(await engine.alertAction(input)).toEqual({ ok: true, data: { status: 'sent' } })
    expect(await engine.alertAction(input)).toEqual({ ok: true, data: { status: 'sent' } })
    await eventually(() => view.state.alerts?.get(alertId)?.status === 'acknowledged', 5000, 'the ack')
    const events = await backend.ctx.db.query(
      'select 1 from public.alert_events where client_event_id = $1',
      [clientEventId],
    )
    expect(events.rows).toHaveLength(1)
  })

  it('maps server refusals and bad input to clear errors', async () => {
    const missing = await engine.alertAction({
      alertId: globalThis.crypto.randomUUID(),
      kind: 'resolve',
      clientEventId: globalThis.crypto.randomUUID(),
    })
    expect(missing, JSON.stringify(missing)).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const bad = await engine.alertAction({ alertId: 'nope', kind: 'ack', clientEventId: 'x' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } })
    const past = await engine.alertAction({
      alertId: await writer(backend, orgId).raiseAlert(),
      kind: 'snooze',
      snoozeUntil: '2001-01-01T00:00:00Z',
      clientEventId: globalThis.crypto.randomUUID(),
    })
    expect(past).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'Snooze until a time in the future.' },
    })
  })

  it('lists the consoles watching the org, itself included', async () => {
    const wall = engineFor(backend, { kind: 'wallboard' })
    try {
      await wall.start()
      await eventually(() => engine.presence().length === 2, 5000, 'two watchers')
      expect(
        engine
          .presence()
          .map((w) => w.kind)
          .sort(),
      ).toEqual(['console', 'wallboard'])
      expect(engine.presence().find((w) => w.self)).toMatchObject({
        kind: 'console',
        email: backend.demo!.email,
      })
    } finally {
      await wall.stop()
    }
    await eventually(() => engine.presence().length === 1, 5000, 'the wallboard leaving')
  })

  it('counts a console that serves screens as those screens, by kind, on every console of the org', async () => {
    const headless = engineFor(backend)
    const kinds = () =>
      engine
        .presence()
        .map((w) => `${w.kind}:${w.email}`)
        .sort()
    const at = new Date().toISOString()
    try {
      // Announced before its channel is even joined: tracked on joining.
      headless.setScreens([
        { key: 'sup-1', kind: 'console', name: null, since: at },
        { key: 'wall-1', kind: 'wallboard', name: 'North wall', since: at },
        { key: 'wall-2', kind: 'wallboard', name: 'Lobby', since: at },
      ])
      await headless.start()
      const me = `console:${backend.demo!.email}`
      await eventually(() => kinds().length === 4, 10_000, 'the headless console’s screens')
      expect(kinds()).toEqual([me, me, 'wallboard:Lobby', 'wallboard:North wall'])
      // A wall leaves, a supervisor's browser closes: the others follow within the coalescing second.
      headless.setScreens([{ key: 'wall-2', kind: 'wallboard', name: 'Lobby', since: at }])
      await eventually(() => kinds().length === 2, 5_000, 'the screens that left')
      expect(kinds()).toEqual([me, 'wallboard:Lobby'])
      // With no screen at all, the headless console is nobody watching.
      headless.setScreens([])
      await eventually(() => kinds().length === 1, 5_000, 'the last screen leaving')
    } finally {
      await headless.stop()
    }
  })
})

describe('the first seconds after SUBSCRIBED', () => {
  it('loses no write made while the engine subscribes, confirms and catches up', async () => {
    const w = writer(backend, orgId)
    const late = engineFor(backend)
    let writing = true
    const ids: string[] = []
    const writes = (async () => {
      while (writing) {
        const id = await w.insertCall('early')
        ids.push(id)
        if (ids.length % 3 === 0) await w.holdCall(ids[ids.length - 2]!, ids.length)
        if (ids.length % 5 === 0) await w.deleteCall(ids[ids.length - 4]!)
        await sleep(10)
      }
    })()
    try {
      await late.start()
      const lateView = attachView(late)
      await eventually(() => late.health().channels[0]?.status === 'connected', 5000, 'SUBSCRIBED')
      await sleep(2_000)
      writing = false
      await writes
      await eventually(() => sameAsDatabase(backend, orgId, lateView), 10_000, 'the database state')
      expect(lateView.regressions).toEqual([])
      expect(ids.length).toBeGreaterThan(50)
    } finally {
      writing = false
      await late.stop()
    }
  })
})
