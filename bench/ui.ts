// UI benchmark (`npm run bench -- ui [--seconds S]`): in Chromium, the Live calls view with 10,000 live calls
// fed through the headless bridge at 100 and 1,000 updates per second. Per rate, frames per second (from
// requestAnimationFrame) and main-thread busy time per second (CDP TaskDuration), for the app's pattern
// (one store, batches coalesced per frame, virtualised rows selecting their own call) and, in the same run,
// for the naive pattern (a state copy and a synchronous re-render of the list per event), and the ratios.
import { chromium, type Browser, type Page } from '@playwright/test'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from '../scripts/find-browser.mjs'
import { startUiDemo } from '../scripts/ui-demo'
import { sleep } from './stats'

const CALLS = 10_000
const RATES = [100, 1000]

interface Sample {
  fps: number
  /** Milliseconds of main-thread work per second of wall time. */
  mainThreadMsPerSecond: number
  /** Longest frame interval seen, ms. */
  worstFrameMs: number
  /** Calls the view held when measured: the naive pattern may never finish loading under load. */
  callsShown: number
}

/** Main-thread task time so far, in seconds, from one CDP session kept open across the measurement. */
async function taskClock(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
  }
}

/** Counts animation frames in the page for `ms` (run through CDP: the page's CSP does not apply). */
function countFrames(page: Page, ms: number): Promise<{ frames: number; worst: number }> {
  // A string, not a function: tsx's name-keeping helpers do not exist in the page.
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0, worst = 0, last = performance.now()
    const start = last
    const tick = (t) => {
      frames++
      worst = Math.max(worst, t - last)
      last = t
      if (t - start < ${ms}) requestAnimationFrame(tick)
      else resolve({ frames, worst })
    }
    requestAnimationFrame(tick)
  })`)
}

async function measure(browser: Browser, url: string, naive: boolean, seconds: number): Promise<Sample> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(naive ? `${url}#bench-naive` : url)
  const loaded = naive ? page.getByText(/Naive calls \(10000\)/) : page.getByText(/of 10,000 calls/)
  if (!naive) {
    await page.getByRole('navigation', { name: 'Views' }).waitFor()
    await page.keyboard.press('2')
  }
  // Measure anyway if it never gets there, and say how far it got.
  await loaded.waitFor({ timeout: 30_000 }).catch(() => undefined)
  await sleep(2000)
  const taskSeconds = await taskClock(page)
  const before = await taskSeconds()
  const t0 = Date.now()
  const { frames, worst } = await countFrames(page, seconds * 1000)
  const wall = (Date.now() - t0) / 1000
  const busy = (await taskSeconds()) - before
  const heading = naive
    ? await page.locator('h1').innerText()
    : await page.locator('.view-calls .count').innerText()
  const callsShown = Number(
    (naive ? /\((\d+)\)/ : /of ([\d,]+) calls/).exec(heading)?.[1]?.replace(/,/g, '') ?? 0,
  )
  await page.close()
  return {
    fps: Math.round((frames / wall) * 10) / 10,
    mainThreadMsPerSecond: Math.round((busy * 1000) / wall),
    worstFrameMs: Math.round(worst),
    callsShown,
  }
}

export default async function run(args: string[]): Promise<Record<string, unknown>> {
  const i = args.indexOf('--seconds')
  const seconds = i >= 0 ? Number(args[i + 1]) : 10
  const executablePath = (findBrowser as () => string | null)()
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  const figures: Record<string, unknown> = {
    calls: CALLS,
    secondsPerMeasurement: seconds,
    viewport: '1440x900',
  }
  try {
    for (const rate of RATES) {
      const demo = await startUiDemo({ calls: CALLS, rate, agents: 200 })
      try {
        const app = await measure(browser, demo.url, false, seconds)
        const naive = await measure(browser, demo.url, true, seconds)
        figures[`${rate}/s`] = {
          app,
          naive,
          fpsRatio: Math.round((app.fps / Math.max(0.1, naive.fps)) * 10) / 10,
          mainThreadRatio:
            Math.round((naive.mainThreadMsPerSecond / Math.max(1, app.mainThreadMsPerSecond)) * 10) / 10,
        }
        console.log(`${rate}/s`, JSON.stringify(figures[`${rate}/s`]))
      } finally {
        await demo.stop()
      }
    }
  } finally {
    await browser.close()
  }
  return figures
}
