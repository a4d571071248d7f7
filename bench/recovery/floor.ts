// A floor of 20,000 calls delivered as one framed snapshot. Seeded in the backend, then:
// - in this process, a console (the core) is started with a relay view attached: start → the server's
//   snapshot frame fully applied; every batch of it in one frame (one `first`, one `last`), no live news
//   meanwhile, and every batch within the 64 KB relay limit (the JSON that IPC and the bridge carry);
// - the headless console (`npm run serve`) in Chromium: page opened → all 20,000 calls in the Live calls
//   view, the bridge's WebSocket messages (the batch in its `{event, payload}` envelope) measured, and
//   the Activity view checked empty: nothing in a snapshot is news.
import { chromium } from '@playwright/test'
import { spawnBackend } from '../../src/main/embedded/spawn'
import { startConsole } from '../../test/helpers/console'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from '../../scripts/find-browser.mjs'
import { benchConsole, load1, recordView, seedCalls, until } from './fixtures'

const RELAY_LIMIT = 64 * 1024

async function inProcess(info: Parameters<typeof benchConsole>[0], calls: number) {
  const engine = benchConsole(info, info!.api_url)
  const view = recordView(engine)
  let snapshotDoneAt = 0
  let newsBeforeDone = 0
  const frameIds = new Set<number>()
  view.after = (batch) => {
    if (snapshotDoneAt) return
    if (!batch.frame) newsBeforeDone++
    else if (batch.frame.source === 'server') frameIds.add(batch.frame.id)
    if (batch.frame?.last && batch.frame.source === 'server' && (view.state.calls?.size ?? 0) >= calls) {
      snapshotDoneAt = Date.now()
    }
  }
  const t0 = Date.now()
  try {
    await engine.start()
    await until(() => snapshotDoneAt > 0, 120_000, 'the snapshot applied', 5)
    const server = view.framesStarted.filter((f) => f.source === 'server')
    return {
      startToSnapshotAppliedMs: snapshotDoneAt - t0,
      callsInView: view.state.calls?.size ?? 0,
      /** Frames of the server's floor (the console's own empty start frame is not counted). */
      serverSnapshotFrames: server.length,
      framesSeen: view.framesStarted.map((f) => `${f.kind}/${f.source}`),
      batchesInSnapshot: view.batches,
      liveBatchesBeforeSnapshotDone: newsBeforeDone,
      frameIdsOfServerBatches: frameIds.size,
      maxBatchBytes: Math.max(...view.sizes),
      batchesOverLimit: view.sizes.filter((s) => s > RELAY_LIMIT).length,
      load1: load1(),
    }
  } finally {
    await engine.stop()
  }
}

async function inChromium(info: NonNullable<Parameters<typeof benchConsole>[0]>, calls: number) {
  const executablePath = findBrowser() as string | null
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  const app = await startConsole([
    ...['--supabase-url', info.api_url, '--anon-key', info.anon_key],
    ...['--email', info.demo!.email, '--password', info.demo!.password],
  ])
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    const frames: number[] = []
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/bridge')) return
      ws.on('framereceived', (f) => frames.push(Buffer.byteLength(f.payload)))
    })
    const t0 = Date.now()
    await page.goto(app.url)
    await page.getByRole('navigation', { name: 'Views' }).waitFor()
    await page.keyboard.press('2')
    const count = page.getByText(`of ${calls.toLocaleString('en-US')} calls`)
    await count.waitFor({ timeout: 120_000 })
    const shownMs = Date.now() - t0
    await page.keyboard.press('7')
    const empty = await page
      .getByText('Nothing has happened since this console started')
      .waitFor({ timeout: 5_000 })
      .then(() => true)
      .catch(() => false)
    const activityItems = await page.locator('.activity-feed li').count()
    return {
      pageOpenToFloorShownMs: shownMs,
      activityEmpty: empty,
      activityItems,
      bridgeMessages: frames.length,
      maxBridgeMessageBytes: Math.max(...frames),
      bridgeMessagesOverLimit: frames.filter((s) => s > RELAY_LIMIT).length,
      load1: load1(),
    }
  } finally {
    await browser.close()
    await app.stop()
  }
}

export async function floorScenario(calls: number) {
  const backend = await spawnBackend({ args: ['--ephemeral', '--rate', '0'] })
  try {
    const seededAt = Date.now()
    await seedCalls(backend.info, calls, 'floor-')
    const seedMs = Date.now() - seededAt
    const core = await inProcess(backend.info, calls)
    console.log(`floor (core): ${JSON.stringify(core)}`)
    const browser = await inChromium(backend.info, calls)
    console.log(`floor (Chromium): ${JSON.stringify(browser)}`)
    return { calls, seedMs, core, browser }
  } finally {
    await backend.stop()
  }
}
