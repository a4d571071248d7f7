// Commit → visible in the DOM (`npm run bench -- dom [--seconds S] [--rates 100,1000]`). The whole path:
// the embedded backend (own process) commits an update, Realtime delivers it to the headless console
// (`npm run serve`, own process: feed → live state → relay → bridge), the bridge sends it to Chromium, the
// renderer's store and React put it on screen. Updates rename calls on the Live calls view (`+44 •••• #n`);
// a MutationObserver in the page notes when each name first appears. Latency = that moment − the row's
// `updated_at` (its transaction's time); one machine, one clock. Per rate also: main-thread time of the page
// per 1,000 updates (CDP TaskDuration) and the console process's CPU per 1,000 updates (/proc).
// The same path through the naive pattern (bench/naive/page.tsx: supabase-js in the page, a copy of the list
// per event, every row rendered), measured at the same rates after the console is stopped, gives the ratio.
// The ladder (`--ladder 2000,3000 --sustain 60`) finds the highest rate the console's path sustains: the
// writer keeps the rate, the p99 stays within a second, and every call's last rename is on screen within
// two seconds of the last commit (no backlog).
// The ui bench (`npm run bench -- ui`) measures frames per second on a 10,000-call floor; this one the delay.
import { readFileSync } from 'node:fs'
import { chromium, type Page } from '@playwright/test'
import { spawnBackend, type BackendInfo } from '../src/main/embedded/spawn'
import { demoSupervisorArgs, startConsole } from '../test/helpers/console'
import { serveNaivePage } from './naive/serve'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from '../scripts/find-browser.mjs'
import { demoOrg, load1, rest } from './recovery/fixtures'
import { percentile, sleep } from './stats'

/** Calls seeded on top of the Live calls view (longest in status first): the ones the updates rename. */
const SEEDED = 60
/**
 * Finished calls the writer renames when a request holds more renames than there are calls on screen (a
 * request may not touch a row twice): load through the whole path that the DOM does not show, as on a real
 * floor where most changes are to calls off screen. Latency is measured on the calls on screen only.
 */
const LOAD_POOL = 2_000

interface Target {
  id: string
  row: Record<string, unknown>
}

function flagList(args: string[], name: string, fallback: number[]): number[] {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? (args[i + 1] ?? '').split(',').map(Number) : []
  return v.length && v.every((n) => n > 0) ? v : fallback
}

/**
 * `n` calls of the demo org named `${tag}${i}`, `ageDays` old; `status: queued` ones sort on top of the Live
 * calls view (longest in status first) and stay there, since renames do not move them.
 */
async function seed(info: BackendInfo, n: number, tag: string, status: string, ageDays: number) {
  const { orgId, queueIds } = await demoOrg(info)
  const base = Date.now() - ageDays * 86_400_000
  const out: Target[] = []
  for (let start = 0; start < n; start += 1_000) {
    const rows = Array.from({ length: Math.min(1_000, n - start) }, (_, j) => ({
      org_id: orgId,
      queue_id: queueIds[(start + j) % queueIds.length],
      status,
      caller_masked: `+44 •••• ${tag}${start + j}`,
      queued_at: new Date(base + (start + j) * 1_000).toISOString(),
      status_changed_at: new Date(base + (start + j) * 1_000).toISOString(),
    }))
    const made = (await rest(info, 'calls?select=id,org_id,queue_id,status,queued_at,status_changed_at', {
      method: 'POST',
      headers: { Prefer: 'return=representation' },
      body: JSON.stringify(rows),
    })) as Record<string, unknown>[]
    out.push(...made.map((row) => ({ id: row.id as string, row })))
  }
  return out
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

/** Requests the writer keeps in flight: enough for the backend, not the writer, to set the pace. */
const IN_FLIGHT = 4
/** Renames per request at most (the backend bench's batch size): a backlog is not sent as one huge statement. */
const MAX_REQUEST_ROWS = 200

/**
 * Renames the shown calls at `rate` per second for `seconds`, open loop: every 10 ms it sends what is due
 * by the clock (at most one rename per call per request; a request may not touch a row twice), with up to
 * IN_FLIGHT requests outstanding. Returns marker → commit time, and the marker each call holds at the end
 * as the database says (concurrent requests may commit out of order).
 */
async function write(
  info: BackendInfo,
  targets: Target[],
  load: Target[],
  rate: number,
  seconds: number,
  first: number,
) {
  const commits = new Map<number, number>()
  let loadCommits = 0
  let marker = first
  let next = 0
  let sent = 0
  const inFlight = new Set<Promise<void>>()
  let nextLoad = 0
  const send = (n: number) => {
    const shown = Math.min(n, targets.length)
    const rows = Array.from({ length: shown }, () => {
      const target = targets[next++ % targets.length]!
      return { ...target.row, id: target.id, caller_masked: `+44 •••• #${++marker}` }
    })
    for (let k = shown; k < n; k++) {
      const call = load[nextLoad++ % load.length]!
      rows.push({ ...call.row, id: call.id, caller_masked: `+44 •••• L${nextLoad}` })
    }
    const request = rest(info, 'calls?on_conflict=id&select=caller_masked,updated_at', {
      method: 'POST',
      headers: { Prefer: 'resolution=merge-duplicates,return=representation' },
      body: JSON.stringify(rows),
    }).then((done) => {
      for (const r of done as { caller_masked: string; updated_at: string }[]) {
        const m = /#(\d+)/.exec(r.caller_masked)
        if (m) commits.set(Number(m[1]), Date.parse(r.updated_at))
        else loadCommits++
      }
    })
    inFlight.add(request)
    void request.finally(() => inFlight.delete(request))
  }
  const start = Date.now()
  const end = start + seconds * 1000
  for (let now = start; now < end; now = Date.now()) {
    let due = Math.floor((rate * (now - start)) / 1000) - sent
    while (due > 0 && inFlight.size < IN_FLIGHT) {
      const n = Math.min(due, MAX_REQUEST_ROWS)
      send(n)
      sent += n
      due -= n
    }
    await (inFlight.size >= IN_FLIGHT ? Promise.race(inFlight) : sleep(10))
  }
  await Promise.all(inFlight)
  const ids = targets.map((t) => t.id).join(',')
  const held = (await rest(info, `calls?select=caller_masked&id=in.(${ids})`)) as { caller_masked: string }[]
  const finals = held.map((r) => Number(/#(\d+)/.exec(r.caller_masked)?.[1] ?? NaN))
  return { commits, loadCommits, last: marker, finals }
}

interface Floor {
  /** Calls on screen, renamed and watched. */
  targets: Target[]
  /** Calls off screen, renamed as load. */
  load: Target[]
}

interface Run {
  /** Renames committed: of calls on screen, and in all. */
  committed: number
  committedInAll: number
  /** Commits per second the writer achieved (the backend sets the pace when it cannot take more). */
  writtenPerSecond: number
  /** Renames that reached the DOM; the rest were overwritten before a frame showed them. */
  shown: number
  latencyMs: { p50: number; p95: number; p99: number; max: number }
  /** p99 over the last third of the run: a growing backlog shows here first. */
  lastThirdP99Ms: number
  /** Calls whose final name (as the database holds it) was not on screen 2 s after the last commit. */
  behind: number
  rendererMainThreadMsPer1000: number
  consoleProcessCpuMsPer1000?: number
  load1: number
}

/** One rate for `seconds` against one page; `pid`: the console process, whose CPU is counted. */
async function measure(
  page: Page,
  info: BackendInfo,
  floor: Floor,
  rate: number,
  seconds: number,
  first: number,
  pid?: number,
): Promise<{ run: Run; last: number }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const taskSeconds = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
  await sleep(1_000)
  await takeSeen(page)
  const task0 = await taskSeconds()
  const cpu0 = pid ? cpuSeconds(pid) : 0
  const t0 = Date.now()
  const { commits, loadCommits, last, finals } = await write(
    info,
    floor.targets,
    floor.load,
    rate,
    seconds,
    first,
  )
  const inAll = commits.size + loadCommits
  const writtenS = (Date.now() - t0) / 1000
  await sleep(2_000) // the last ones on their way
  const taskMs = ((await taskSeconds()) - task0) * 1000
  const consoleCpuMs = pid ? (cpuSeconds(pid) - cpu0) * 1000 : 0
  await cdp.detach()
  const seen = await takeSeen(page)
  const all: number[] = []
  const lastThird: number[] = []
  const thirdFrom = t0 + (writtenS * 1000 * 2) / 3
  for (const [m, at] of seen) {
    const committed = commits.get(m)
    if (committed === undefined) continue
    all.push(at - committed)
    if (committed >= thirdFrom) lastThird.push(at - committed)
  }
  all.sort((a, b) => a - b)
  lastThird.sort((a, b) => a - b)
  const per1000 = (ms: number) => Math.round((ms / Math.max(1, inAll)) * 1000)
  const run: Run = {
    committed: commits.size,
    committedInAll: inAll,
    writtenPerSecond: Math.round(inAll / writtenS),
    shown: all.length,
    latencyMs: {
      p50: Math.round(percentile(all, 50)),
      p95: Math.round(percentile(all, 95)),
      p99: Math.round(percentile(all, 99)),
      max: Math.round(all.at(-1) ?? NaN),
    },
    lastThirdP99Ms: Math.round(percentile(lastThird, 99)),
    behind: finals.filter((m) => !seen.has(m)).length,
    rendererMainThreadMsPer1000: per1000(taskMs),
    ...(pid ? { consoleProcessCpuMsPer1000: per1000(consoleCpuMs) } : {}),
    load1: load1(),
  }
  return { run, last }
}

/** Sustained: the writer kept ≥ 95 % of the rate, p99 ≤ 1 s in the last third, nothing left behind. */
export function sustained(run: Run, rate: number): { ok: boolean; why: string } {
  if (run.writtenPerSecond < rate * 0.95) {
    // The writer is open loop with requests in flight: what it could not commit, the backend could not take.
    return {
      ok: false,
      why: `the backend committed ${run.writtenPerSecond}/s (2 cores shared with the console and Chromium)`,
    }
  }
  if (!(run.lastThirdP99Ms <= 1_000))
    return { ok: false, why: `p99 ${run.lastThirdP99Ms} ms in the last third` }
  if (run.behind > 0)
    return { ok: false, why: `${run.behind} calls not up to date 2 s after the last commit` }
  return { ok: true, why: 'kept up' }
}

export default async function dom(args: string[]): Promise<Record<string, unknown>> {
  const i = args.indexOf('--seconds')
  const seconds = i >= 0 ? Number(args[i + 1]) || 10 : 10
  const s = args.indexOf('--sustain')
  const sustainSeconds = s >= 0 ? Number(args[s + 1]) || 60 : 60
  const rates = flagList(args, 'rates', [100, 1000])
  const ladder = args.includes('--no-ladder') ? [] : flagList(args, 'ladder', [1500, 1750, 2000, 2500, 3000])
  const executablePath = findBrowser() as string | null
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  const backend = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  const info = backend.info
  const app = await startConsole(demoSupervisorArgs(info))
  let consoleRunning = true
  const naivePage = await serveNaivePage()
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  const figures: Record<string, unknown> = { secondsPerRate: seconds, viewport: '1440x900' }
  try {
    const seeded = await seed(info, SEEDED, 'v', 'queued', 2)
    // Newer than the seeded ones: they sort below them.
    const load = await seed(info, LOAD_POOL, 'load', 'completed', 1)
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
    const floor: Floor = { targets, load }
    figures.rowsRenamed = targets.length
    figures.offScreenLoadCalls = load.length
    await observe(page)
    let marker = 0
    const pid = app.process.pid!
    for (const rate of rates) {
      const { run, last } = await measure(page, info, floor, rate, seconds, marker, pid)
      marker = last
      figures[`${rate}/s`] = run
      console.log(`${rate}/s`, JSON.stringify(run))
    }
    // The highest rate the console's path sustains for `sustainSeconds`; stops at the first it does not.
    const steps: Record<string, unknown>[] = []
    let highest: number | null = null
    for (const rate of ladder) {
      const { run, last } = await measure(page, info, floor, rate, sustainSeconds, marker, pid)
      marker = last
      const verdict = sustained(run, rate)
      steps.push({ rate, ...run, sustained: verdict.ok, why: verdict.why })
      console.log(`ladder ${rate}/s for ${sustainSeconds} s: ${verdict.why}`, JSON.stringify(run))
      if (!verdict.ok) break
      highest = rate
    }
    if (ladder.length) figures.sustained = { seconds: sustainSeconds, highestRate: highest, steps }
    // The naive pattern on the same rows, with the console stopped so that it takes no CPU.
    await page.close()
    await app.stop()
    consoleRunning = false
    const naive = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const query = new URLSearchParams({
      url: info.api_url,
      key: info.anon_key,
      email: info.demo!.email,
      password: info.demo!.password,
    })
    await naive.goto(`${naivePage.url}?${query.toString()}`)
    await naive.getByText(/Naive calls \(\d+\) live/).waitFor({ timeout: 60_000 })
    await naive
      .getByText(/^\+44 •••• (v|#)/)
      .first()
      .waitFor({ timeout: 30_000 })
    await observe(naive)
    for (const rate of rates) {
      const { run, last } = await measure(naive, info, floor, rate, seconds, marker)
      marker = last
      const ours = figures[`${rate}/s`] as Run
      figures[`naive ${rate}/s`] = {
        ...run,
        /** naive ÷ console: above 1, the console's path is that many times faster. */
        p99Ratio: Math.round((run.latencyMs.p99 / Math.max(1, ours.latencyMs.p99)) * 10) / 10,
        p50Ratio: Math.round((run.latencyMs.p50 / Math.max(1, ours.latencyMs.p50)) * 10) / 10,
        mainThreadRatio:
          Math.round((run.rendererMainThreadMsPer1000 / Math.max(1, ours.rendererMainThreadMsPer1000)) * 10) /
          10,
      }
      console.log(`naive ${rate}/s`, JSON.stringify(figures[`naive ${rate}/s`]))
    }
  } finally {
    await browser.close()
    await naivePage.stop()
    if (consoleRunning) await app.stop()
    await backend.stop()
  }
  return figures
}
