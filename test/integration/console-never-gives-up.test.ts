// A console never gives up. Started while its backend is unreachable, it keeps trying and is LIVE as soon
// as the backend answers; under `npm run serve`, an embedded backend that is killed is started again by
// its supervisor, the reason is on screen meanwhile, and the console is LIVE again by itself.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Backend } from '../../src/main/embedded/backend'
import type { HealthReport } from '../../src/main/core/console-types'
import { eventually, testBackend } from '../helpers/backend'
import { startConsole, type RunningConsole } from '../helpers/console'
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
