// Offline-first benchmark (`npm run bench -- offline [--runs N]`): a floor of 10,000 calls cached by a real
// headless console, then
// - cold start with the project down: from spawning `npm run serve` to the cached floor on screen in
//   Chromium (CACHED label shown, the Live calls view holding all 10,000 calls), N runs;
// - the cache itself: file size, write time (serialise + atomic write + fsync, as the console does it every
//   2 s at most) and load time (read + parse + migrate + restore into the live state).
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { ManualClock } from '../src/main/core/clock.testing'
import { LiveState } from '../src/main/core/live/live-state'
import { OfflineCache } from '../src/main/core/offline/cache'
import { fileFolder } from '../src/main/core/offline/file-folder'
import { NORTHWIND } from '../src/main/embedded/simulator/demo-data'
import { spawnBackend, type SpawnedBackend } from '../src/main/embedded/spawn'
import { demoSupervisorArgs, startConsole } from '../test/helpers/console'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from '../scripts/find-browser.mjs'
import { percentile, sleep } from './stats'

const CALLS = 10_000

async function seed(backend: SpawnedBackend): Promise<void> {
  const key = backend.info.service_role_key
  const headers = { apikey: key, Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }
  const base = `${backend.info.api_url}/rest/v1`
  // The demo supervisor's organisation only: the floor a console shows is one org's.
  const [org] = (await (
    await fetch(`${base}/orgs?select=id&name=eq.${encodeURIComponent(NORTHWIND)}`, { headers })
  ).json()) as { id: string }[]
  const queues = (await (
    await fetch(`${base}/queues?select=id,org_id&org_id=eq.${org!.id}`, { headers })
  ).json()) as {
    id: string
    org_id: string
  }[]
  const now = Date.now()
  for (let start = 0; start < CALLS; start += 1_000) {
    const rows = Array.from({ length: 1_000 }, (_, j) => {
      const i = start + j
      const q = queues[i % queues.length]!
      const at = new Date(now - (CALLS - i) * 2_000).toISOString()
      const done = i < CALLS - 200
      return {
        org_id: q.org_id,
        queue_id: q.id,
        status: done ? 'completed' : 'queued',
        caller_masked: `+44 •••• ${String(i).padStart(4, '0')}`,
        queued_at: at,
        answered_at: done ? at : null,
        ended_at: done ? at : null,
        status_changed_at: at,
      }
    })
    const res = await fetch(`${base}/calls`, { method: 'POST', headers, body: JSON.stringify(rows) })
    if (!res.ok) throw new Error(`seeding calls: ${res.status} ${await res.text()}`)
  }
}

function consoleArgs(info: SpawnedBackend['info'], cache: string): string[] {
  return [...demoSupervisorArgs(info), '--cache', cache]
}

/** The cache's load time (read, parse, migrate, restore) and write time, in this process. */
function cacheFigures(dir: string, project: string, runs: number) {
  const quiet = { clock: new ManualClock(), notice: () => {} }
  const loads: number[] = []
  let floor: ReturnType<OfflineCache['load']> = null
  let live = new LiveState()
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    floor = new OfflineCache({ folder: fileFolder(dir), ...quiet }).load(project)
    live = new LiveState()
    if (floor) new OfflineCache({ folder: fileFolder(dir), ...quiet }).restore(live, floor)
    loads.push(performance.now() - t)
  }
  if (!floor) throw new Error('the console did not write its cache')
  // Rewritten as the console does it: the floor counts as the server's again, written through the port.
  live.replace('server', () => {})
  const writer = new OfflineCache({ folder: fileFolder(join(dir, 'rewrite')), ...quiet })
  const context = { ...floor, health: null }
  writer.follow(live, () => context)
  const writes: number[] = []
  for (let i = 0; i < runs; i++) {
    writer.changed()
    const t = performance.now()
    writer.flush()
    writes.push(performance.now() - t)
  }
  return { loads, writes, calls: live.table('calls').size }
}

export default async function offline(args: string[]): Promise<Record<string, unknown>> {
  const runs = Number(args[args.indexOf('--runs') + 1]) || 5
  const data = await mkdtemp(join(tmpdir(), 'fw-bench-offline-data-'))
  const cache = await mkdtemp(join(tmpdir(), 'fw-bench-offline-cache-'))
  const executablePath = findBrowser() as string | null
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
  let backend: SpawnedBackend | null = await spawnBackend({ args: ['--data', data, '--rate', '0'] })
  try {
    const info = backend.info
    await seed(backend)
    // A real console caches the floor: live, then stopped (which writes the cache on the way out).
    const warm = await startConsole(consoleArgs(info, cache))
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(warm.url)
    await page.locator('.app-header [data-state="LIVE"]').waitFor({ timeout: 120_000 })
    await sleep(3_000)
    await page.close()
    await warm.stop()
    await backend.stop()
    backend = null
    const file = (await readdir(cache)).find((f) => f.startsWith('cache-'))!
    const bytes = (await stat(join(cache, file))).size

    // Cold starts with the project down.
    const spawnToUrl: number[] = []
    const urlToFloor: number[] = []
    let shown = ''
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      const app = await startConsole(consoleArgs(info, cache))
      const t1 = performance.now()
      const p = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await p.goto(app.url)
      await p.locator('.stale-cached').waitFor({ timeout: 30_000 })
      await p.keyboard.press('2')
      const count = p.getByText(/of [\d,]+ calls/)
      await count.waitFor({ timeout: 30_000 })
      const t2 = performance.now()
      shown = (await count.innerText()).replace(/.*of ([\d,]+) calls.*/s, '$1')
      spawnToUrl.push(t1 - t0)
      urlToFloor.push(t2 - t1)
      await p.close()
      await app.stop()
    }
    const c = cacheFigures(cache, info.api_url, 10)
    const ms = (xs: number[]) => ({
      p50: Math.round(
        percentile(
          [...xs].sort((a, b) => a - b),
          50,
        ),
      ),
      max: Math.round(Math.max(...xs)),
    })
    return {
      calls: c.calls,
      callsShownFromCache: shown,
      cacheFileBytes: bytes,
      cacheWriteMs: ms(c.writes),
      cacheLoadAndRestoreMs: ms(c.loads),
      coldStart: {
        runs,
        spawnToServingMs: ms(spawnToUrl),
        pageOpenToCachedFloorMs: ms(urlToFloor),
        totalMs: ms(spawnToUrl.map((x, i) => x + urlToFloor[i]!)),
      },
    }
  } finally {
    await browser.close()
    await backend?.stop()
    await rm(data, { recursive: true, force: true })
    await rm(cache, { recursive: true, force: true })
  }
}
