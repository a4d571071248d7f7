// A console never gives up. Started while its backend is unreachable, it keeps trying and is LIVE as soon
// as the backend answers; under `npm run serve`, an embedded backend that is killed is started again by
// its supervisor, the reason is on screen meanwhile, and the console is LIVE again by itself. Through a
// network that misbehaves (a TCP proxy in between): the late close of a connection supabase-js already
// gave up on does not stop a live console, and a connection attempt that is never answered is abandoned.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/main/embedded/backend'
import type { HealthReport } from '../../src/main/core/console-types'
import { eventually, testBackend } from '../helpers/backend'
import { startConsole, type RunningConsole } from '../helpers/console'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy'
import * as f from './core-fixtures'

const cleanup: (() => Promise<unknown>)[] = []
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {})
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'floorwatch-never-'))
  cleanup.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

describe('a console started before its backend', () => {
  it('keeps trying with the reason on screen, and is LIVE once the backend answers', async () => {
    const dataDir = await tempDir()
    // Learn the backend's address and keys, then take it away.
    let backend: Backend = await testBackend({ dataDir })
    const port = Number(new URL(backend.url).port)
    const project = backend
    await backend.stop()

    const engine = f.engineFor(project, {
      startTimeoutMs: 300,
      machine: { retry: { baseMs: 100, capMs: 500 } },
    })
    cleanup.push(() => engine.stop())
    const view = f.attachView(engine)
    await engine.start()
    await eventually(() => engine.health().state === 'OFFLINE', 10_000, 'OFFLINE after a few attempts')
    expect(engine.health().reason).toMatch(/^Cannot reach the server \(\d+ failed attempts: .*\); retrying$/)
    expect(view.state.queues?.size ?? 0).toBe(0)

    backend = await testBackend({ dataDir, port })
    cleanup.push(() => backend.stop())
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE by itself')
    await eventually(() => f.sameAsDatabase(backend, backend.demo!.orgId, view), 5000, 'the floor')
  })
})

async function health(app: RunningConsole): Promise<HealthReport> {
  const res = await fetch(new URL('api/health', app.url))
  return (await res.json()) as HealthReport
}

function backendPid(app: RunningConsole): number {
  const out = execFileSync('pgrep', ['-P', String(app.process.pid), '-f', 'embedded/cli.ts'], {
    encoding: 'utf8',
  }).trim()
  const pids = out.split('\n').map(Number).filter(Boolean)
  expect(pids).toHaveLength(1)
  return pids[0]!
}

describe('npm run serve supervises its embedded backend', () => {
  it('starts a killed backend again, says why meanwhile, and is LIVE again by itself', async () => {
    const dataDir = await tempDir()
    const app = await startConsole(['--data', dataDir, '--rate', '0'])
    cleanup.push(() => app.stop())
    await eventually(async () => (await health(app)).state === 'LIVE', 60_000, 'LIVE')
    const first = backendPid(app)

    process.kill(first, 'SIGKILL')
    const down = await eventually(
      async () => {
        const h = await health(app)
        return h.state !== 'LIVE' && /embedded backend/.test(h.reason) ? h : null
      },
      15_000,
      'the reason on screen',
    )
    expect(down!.reason).toMatch(/^The embedded backend was killed \(SIGKILL\)/)
    await eventually(async () => (await health(app)).state === 'LIVE', 60_000, 'LIVE again')
    expect(backendPid(app)).not.toBe(first)
  })
})

describe('through a network that misbehaves', () => {
  async function behindProxy(): Promise<{ backend: Backend; proxy: TcpProxy; url: string }> {
    const backend = await testBackend({ tickIntervalMs: 0 })
    cleanup.push(() => backend.stop())
    const proxy = await startTcpProxy({ port: Number(new URL(backend.url).port) })
    cleanup.push(() => proxy.close())
    return { backend, proxy, url: proxy.url }
  }

  /** The view has a call the database holds, at the database's seq. */
  async function delivered(backend: Backend, view: f.TestView, id: string): Promise<boolean> {
    const row = (await f.dbFloor(backend, backend.demo!.orgId)).calls.get(id)
    return row !== undefined && view.state.calls?.get(id)?.seq === row.seq
  }

  it('stays LIVE when a socket it already replaced closes late, and keeps delivering changes', async () => {
    const { backend, proxy, url } = await behindProxy()
    const engine = f.engineFor({ ...backend, url } as Backend)
    cleanup.push(() => engine.stop())
    const view = f.attachView(engine)
    await engine.start()
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE through the proxy')

    // The path goes dead without a FIN: the heartbeat times out, supabase-js asks its socket to close
    // (whose close handshake cannot finish), gives up waiting for it and connects again.
    const before = proxy.accepted()
    proxy.freeze()
    await eventually(() => !f.stateIs(engine, 'LIVE'), 10_000, 'the heartbeat timeout noticed')
    // Usually 1–3 s. Under CPU load (2 busy cores) it took up to 31 s in 1 of 3 runs, at this commit and at
    // 7349af5 alike, stuck at "Waiting for the server to confirm" with nothing else happening: most likely a
    // request on a pooled HTTP connection through the frozen proxy, ended by the 30 s REST deadline (not
    // proven; a fetch wrapper that logs every request made it disappear). The bug this test is about
    // (a console stuck CONNECTING for good) stays red at any deadline.
    await eventually(
      () => proxy.accepted() > before && f.stateIs(engine, 'LIVE'),
      45_000,
      'LIVE again over a new connection',
    )

    // Now the abandoned socket's close arrives (the OS gave up on it): not the live socket's business.
    proxy.dropFrozen()
    await f.sleep(1_000)
    expect(engine.health()).toMatchObject({ state: 'LIVE' })
    const id = await f.writer(backend, backend.demo!.orgId).insertCall('after the late close')
    await eventually(() => delivered(backend, view, id), 5_000, 'a change made after the late close')
    expect(engine.health()).toMatchObject({ state: 'LIVE' })
  }, 90_000)

  it('abandons a connection attempt that is never answered and is LIVE once the server answers again', async () => {
    const { proxy, url, backend } = await behindProxy()
    const engine = f.engineFor({ ...backend, url } as Backend, {
      reconnect: { baseMs: 100, capMs: 1_000, pollAfterFailures: 50, connectTimeoutMs: 1_000 },
    })
    cleanup.push(() => engine.stop())
    const view = f.attachView(engine)
    await engine.start()
    await eventually(() => f.stateIs(engine, 'LIVE'), 20_000, 'LIVE through the proxy')

    // Every connection drops; the next attempts are accepted by something that never answers them.
    proxy.blackhole(true)
    const before = proxy.accepted()
    proxy.cut()
    await eventually(() => proxy.accepted() > before, 10_000, 'a reconnect attempt swallowed')
    await f.sleep(500)
    proxy.blackhole(false)
    await eventually(() => f.stateIs(engine, 'LIVE'), 15_000, 'LIVE once attempts are answered again')
    const id = await f.writer(backend, backend.demo!.orgId).insertCall('after the hung attempt')
    await eventually(() => delivered(backend, view, id), 5_000, 'a change made after recovery')
  })
})
