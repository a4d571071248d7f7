// The engine when things go wrong: the backend killed mid-stream and restarted on the same port and data,
// a server that stops answering without closing, a token that expires while disconnected, and a network
// that blocks WebSockets. Each time the engine must come back LIVE with exactly the database's state.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Console as FloorEngine } from '../../src/main/core/console'
import type { HealthReport } from '../../src/main/core/console-types'
import type { Backend, BackendOptions } from '../../src/main/embedded/backend'
import { TABLE_NAMES } from '../../src/shared/domain/tables'
import { eventually, testBackend } from '../helpers/backend'
import * as f from './core-fixtures'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

async function started(engine: FloorEngine): Promise<FloorEngine> {
  cleanup.push(() => engine.stop())
  await engine.start()
  return engine
}

function recordHealth(engine: FloorEngine): HealthReport[] {
  const reports: HealthReport[] = []
  engine.onHealth((h) => reports.push(h))
  return reports
}

const totalMissed = (h: HealthReport) =>
  Object.fromEntries(TABLE_NAMES.map((t) => [t, h.gapDetail[t]?.totalMissed ?? 0]).filter(([, n]) => n))

describe('backend killed mid-stream and restarted', () => {
  it('returns to LIVE with the database state, no duplicates and the exact gap count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floorwatch-core-'))
    cleanup.push(() => rm(dir, { recursive: true, force: true }))
    const options: BackendOptions = { dataDir: dir }
    let backend: Backend = await testBackend(options)
    cleanup.push(() => backend.stop())
    const port = Number(new URL(backend.url).port)
    const orgId = backend.demo!.orgId
    const { gate, Gated } = f.gatedWebSocket()
    const engine = await started(f.engineFor(backend, { webSocket: Gated }))
    const view = f.attachView(engine)
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')

    // Mid-stream: a writer is busy when the backend goes away.
    let w = f.writer(backend, orgId)
    const ids: string[] = []
    const writing = (async () => {
      for (let i = 0; ; i++) {
        ids.push(await w.insertCall(`before ${i}`))
        if (i % 2 === 1) await w.holdCall(ids[i - 1]!, i)
        await f.sleep(5) // PGlite answers in microtasks: yield, or nothing else runs
      }
    })().catch(() => {})
    await eventually(() => (view.state.calls?.size ?? 0) >= 10, 5000, 'changes streaming')
    gate.blocked = true
    await backend.stop()
    await writing
    await eventually(() => !f.stateIs(engine, 'LIVE'), 10_000, 'the engine noticing')
    await f.sleep(200) // the relay's last flush
    const before = f.copyView(view.state)
    expect(totalMissed(engine.health())).toEqual({})

    // While the engine cannot reach it, the restarted backend changes the floor.
    backend = await testBackend({ ...options, port })
    w = f.writer(backend, orgId)
    const fresh = [await w.insertCall('after 1'), await w.insertCall('after 2')]
    await w.holdCall(ids[0]!, 99)
    await w.deleteCall(ids[1]!)
    await w.deleteCall(fresh[1]!)
    await w.raiseAlert('Raised while the console was away')
    const expected = f.changedEntities(before, await f.dbFloor(backend, orgId))

    gate.blocked = false
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE again')
    await eventually(() => f.sameAsDatabase(backend, orgId, view), 5000, 'the database state')
    expect(view.regressions).toEqual([])
    expect(totalMissed(engine.health())).toEqual(expected)
    expect(engine.health().metrics.reconnects).toBeGreaterThan(0)
    expect(backend.realtime.stats()).toMatchObject({ sockets: 1, channels: 1 })
  })
})

describe('a server that stops answering (half-open socket)', () => {
  it('goes STALE within two heartbeat windows, then recovers with nothing lost', async () => {
    const backend = await testBackend()
    cleanup.push(() => backend.stop())
    const orgId = backend.demo!.orgId
    const heartbeatIntervalMs = 500
    const engine = await started(f.engineFor(backend, { heartbeatIntervalMs }))
    const view = f.attachView(engine)
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')
    const reports = recordHealth(engine)

    backend.realtime.setUnresponsive(true)
    const unseen = await f.writer(backend, orgId).insertCall('while hung')
    const stale = await eventually(
      () => reports.find((h) => h.state === 'STALE'),
      2 * heartbeatIntervalMs + 1_500,
      'STALE',
    )
    expect(stale?.reason).toMatch(/heartbeat|answer/i)
    expect(view.state.calls?.has(unseen) ?? false).toBe(false)

    backend.realtime.setUnresponsive(false)
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE again')
    await eventually(() => f.sameAsDatabase(backend, orgId, view), 5000, 'the database state')
    expect(view.state.calls?.has(unseen)).toBe(true)
    expect(backend.realtime.stats()).toMatchObject({ sockets: 1, channels: 1 })
  })
})

describe('a token that expires while disconnected', () => {
  it('refreshes it and rejoins without a CHANNEL_ERROR loop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'floorwatch-core-'))
    cleanup.push(() => rm(dir, { recursive: true, force: true }))
    const options: BackendOptions = { dataDir: dir, config: { jwtExpirySeconds: 6 } }
    let backend = await testBackend(options)
    cleanup.push(() => backend.stop())
    const port = Number(new URL(backend.url).port)
    const orgId = backend.demo!.orgId
    const engine = await started(f.engineFor(backend))
    const view = f.attachView(engine)
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE')

    await backend.stop()
    await eventually(() => !f.stateIs(engine, 'LIVE'), 10_000, 'the engine noticing')
    const expiresAt = engine.health().token.expiresAt!
    await f.sleep(Math.max(0, expiresAt - Date.now()) + 1_000) // the token is now expired
    backend = await testBackend({ ...options, port })
    const id = await f.writer(backend, orgId).insertCall('after expiry')

    await eventually(() => f.stateIs(engine, 'LIVE'), 30_000, 'LIVE again')
    await eventually(() => view.state.calls?.has(id), 5000, 'the catch-up')
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)
    expect(engine.health().token.expiresAt).toBeGreaterThan(expiresAt)
    const { connection } = engine.diagnostics() as { connection: Record<string, number> }
    expect(connection.channelErrors).toBeLessThanOrEqual(3)
    expect(backend.realtime.stats()).toMatchObject({ sockets: 1, channels: 1 })
  })
})

describe('a network that blocks WebSockets', () => {
  it('falls back to REST polling after several attempts, then returns to the WebSocket', async () => {
    const backend = await testBackend()
    cleanup.push(() => backend.stop())
    const orgId = backend.demo!.orgId
    const { gate, Gated } = f.gatedWebSocket()
    gate.blocked = true
    const engine = f.engineFor(backend, {
      webSocket: Gated,
      startTimeoutMs: 500,
      reconnect: { baseMs: 50, capMs: 200, pollAfterFailures: 3, pollIntervalMs: 300, probeBaseMs: 60_000 },
    })
    await started(engine)
    const view = f.attachView(engine)
    await eventually(() => engine.health().transport === 'polling', 10_000, 'polling')
    await eventually(() => f.stateIs(engine, 'DEGRADED'), 10_000, 'DEGRADED (polling)')
    const id = await f.writer(backend, orgId).insertCall('polled')
    await eventually(() => view.state.calls?.has(id), 5000, 'the change, polled')
    expect(await f.sameAsDatabase(backend, orgId, view)).toBe(true)

    gate.blocked = false
    engine.wake('network-change')
    await eventually(() => f.stateIs(engine, 'LIVE'), 10_000, 'LIVE over the WebSocket')
    expect(engine.health().transport).toBe('websocket')
    const live = await f.writer(backend, orgId).insertCall('live again')
    await eventually(() => view.state.calls?.has(live), 5000, 'a live change')
    expect(backend.realtime.stats()).toMatchObject({ sockets: 1, channels: 1 })
  })
})
