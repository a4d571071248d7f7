// Commit → visible in the DOM (`npm run bench -- dom [--seconds S] [--rates 100,1000]`). The whole path:
// the embedded backend (own process) commits an update, Realtime delivers it to the headless console
// (`npm run serve`, own process: feed → live state → relay → bridge), the bridge sends it to Chromium, the
// renderer's store and React put it on screen. Updates rename calls on the Live calls view (`+44 •••• #n`);
// a MutationObserver in the page notes when each name first appears. Latency = that moment − the row's
// `updated_at` (its transaction's time); one machine, one clock. Per rate also: main-thread time of the page
// per 1,000 updates (CDP TaskDuration) and the console process's CPU per 1,000 updates (/proc).
// The ui bench (`npm run bench -- ui`) measures frames per second on a 10,000-call floor; this one the delay.
import { readFileSync } from 'node:fs'
import { chromium, type Page } from '@playwright/test'
import { spawnBackend, type BackendInfo } from '../src/main/embedded/spawn'
import { startConsole } from '../test/helpers/console'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from '../scripts/find-browser.mjs'
import { demoOrg, load1, rest } from './recovery/fixtures'
import { percentile, sleep } from './stats'

/** Calls seeded on top of the Live calls view (longest in status first): the ones the updates rename. */
const SEEDED = 60

interface Target {
  id: string
  row: Record<string, unknown>
}

function flagList(args: string[], name: string, fallback: number[]): number[] {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? (args[i + 1] ?? '').split(',').map(Number) : []
  return v.length && v.every((n) => n > 0) ? v : fallback
}

async function seedTop(info: BackendInfo): Promise<Target[]> {
  const { orgId, queueIds } = await demoOrg(info)
  // Older than anything the demo holds, so they sort first and stay there (renames do not move them).
  const base = Date.now() - 2 * 86_400_000
  const rows = Array.from({ length: SEEDED }, (_, i) => ({
    org_id: orgId,
    queue_id: queueIds[i % queueIds.length],
    status: 'queued',
    caller_masked: `+44 •••• v${i}`,
    queued_at: new Date(base + i * 1_000).toISOString(),
    status_changed_at: new Date(base + i * 1_000).toISOString(),
  }))
  const made = (await rest(info, 'calls?select=id,org_id,queue_id,status,queued_at,status_changed_at', {
    method: 'POST',
    headers: { Prefer: 'return=representation' },
    body: JSON.stringify(rows),
  })) as Record<string, unknown>[]
  return made.map((row) => ({ id: row.id as string, row }))
}

/** Installs the observer; the page's CSP does not apply to CDP evaluation. */
async function observe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const seen = new Map()
    window.__seen = seen
    const note = (text, t) => {
      for (const m of text.matchAll(/#(\\d+)/g)) if (!seen.has(m[1])) seen.set(m[1], t)
    }
    new MutationObserver((mutations) => {
      const t = performance.timeOrigin + performance.now()
      for (const m of mutations) {
        if (m.type === 'characterData') note(m.target.data, t)
        else for (const n of m.addedNodes) note(n.textContent || '', t)
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })()`)
}

async function takeSeen(page: Page): Promise<Map<number, number>> {
  const entries = (await page.evaluate(
    '(() => { const e = Array.from(window.__seen.entries()); window.__seen.clear(); return e })()',
  )) as [string, number][]
  return new Map(entries.map(([k, t]) => [Number(k), t]))
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
}

/** Renames the shown calls at `rate` per second for `seconds`; returns marker → commit time. */
async function write(info: BackendInfo, targets: Target[], rate: number, seconds: number, first: number) {
  const commits = new Map<number, number>()
  let marker = first
  let next = 0
  let carry = 0
  const tickMs = Math.min(20, Math.floor((targets.length * 1000) / rate))
  const end = Date.now() + seconds * 1000
  for (let t = Date.now(); t < end; t += tickMs) {
    carry += (rate * tickMs) / 1000
    const n = Math.floor(carry)
    carry -= n
    if (n > 0) {
      const rows = Array.from({ length: n }, () => {
        const target = targets[next++ % targets.length]!
        return { ...target.row, id: target.id, caller_masked: `+44 •••• #${++marker}` }
      })
      const done = (await rest(info, 'calls?on_conflict=id&select=caller_masked,updated_at', {
        method: 'POST',
        headers: { Prefer: 'resolution=merge-duplicates,return=representation' },
        body: JSON.stringify(rows),
      })) as { caller_masked: string; updated_at: string }[]
      for (const r of done) commits.set(Number(/#(\d+)/.exec(r.caller_masked)![1]), Date.parse(r.updated_at))
    }
    const wait = t + tickMs - Date.now()
    if (wait > 0) await sleep(wait)
  }
  return { commits, last: marker }
}

export default async function dom(args: string[]): Promise<Record<string, unknown>> {
  const i = args.indexOf('--seconds')
  const seconds = i >= 0 ? Number(args[i + 1]) || 10 : 10
  const rates = flagList(args, 'rates', [100, 1000])
  const executablePath = findBrowser() as string | null
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  const backend = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  const info = backend.info
  const app = await startConsole([
    ...['--supabase-url', info.api_url, '--anon-key', info.anon_key],
    ...['--email', info.demo!.email, '--password', info.demo!.password],
  ])
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  const figures: Record<string, unknown> = { secondsPerRate: seconds, viewport: '1440x900' }
  try {
    const seeded = await seedTop(info)
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(app.url)
    await page.locator('.app-header [data-state="LIVE"]').waitFor({ timeout: 120_000 })
    await page.keyboard.press('2')
    await page.getByText('+44 •••• v0', { exact: true }).waitFor({ timeout: 30_000 })
    // Only calls whose row is in the DOM can be seen changing.
    const shown = new Set(
      (await page.locator('.vt-row').allInnerTexts()).flatMap((t) =>
        [...t.matchAll(/v(\d+)/g)].map((m) => m[1]),
      ),
    )
    const targets = seeded.filter((_, n) => shown.has(String(n)))
    figures.rowsRenamed = targets.length
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
    await observe(page)
    let marker = 0
    for (const rate of rates) {
      await sleep(1_000)
      await takeSeen(page)
      const task0 = await taskSeconds()
      const cpu0 = cpuSeconds(app.process.pid!)
      const { commits, last } = await write(info, targets, rate, seconds, marker)
      marker = last
      await sleep(1_000) // the last ones on their way
      const taskMs = ((await taskSeconds()) - task0) * 1000
      const consoleCpuMs = (cpuSeconds(app.process.pid!) - cpu0) * 1000
      const seen = await takeSeen(page)
      const latencies: number[] = []
      for (const [m, at] of seen) {
        const committed = commits.get(m)
        if (committed !== undefined) latencies.push(at - committed)
      }
      latencies.sort((a, b) => a - b)
      const per1000 = (ms: number) => Math.round((ms / Math.max(1, commits.size)) * 1000)
      figures[`${rate}/s`] = {
        committed: commits.size,
        /** Renames that reached the DOM; the rest were overwritten before a frame showed them. */
        shown: latencies.length,
        latencyMs: {
          p50: Math.round(percentile(latencies, 50)),
          p95: Math.round(percentile(latencies, 95)),
          p99: Math.round(percentile(latencies, 99)),
          max: Math.round(latencies.at(-1) ?? NaN),
        },
        rendererMainThreadMsPer1000: per1000(taskMs),
        consoleProcessCpuMsPer1000: per1000(consoleCpuMs),
        load1: load1(),
      }
      console.log(`${rate}/s`, JSON.stringify(figures[`${rate}/s`]))
    }
  } finally {
    await browser.close()
    await app.stop()
    await backend.stop()
  }
  return figures
}
