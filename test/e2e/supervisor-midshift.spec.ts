// The supervisor's screen on a fresh demo, as a new user starts it (`npm run backend` defaults: eight hours of
// today backfilled, the opening incidents, traffic at 10 changes/s) with the real engine in between: every
// queue shows the day's figures and its day in quarter hours at once, and every service its uptime over 24 hours
// and 30 days. Screenshots for docs/screenshots with FLOORWATCH_SCREENSHOTS=docs/screenshots; a plain run keeps
// them in test-results only.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { QUEUES } from '../../src/main/embedded/simulator/demo-data'
import { periodStart } from '../../src/shared/domain/zone'
import { demoSupervisorArgs, startConsole, type RunningConsole } from '../helpers/console'

let backend: SpawnedBackend
let app: RunningConsole
let dataDir: string

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true })
  const dir = process.env.FLOORWATCH_SCREENSHOTS
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dataDir = await mkdtemp(join(tmpdir(), 'floorwatch-midshift-'))
  backend = await spawnBackend({ args: ['--port', '0', '--data', dataDir], timeoutMs: 150_000 })
  app = await startConsole(demoSupervisorArgs(backend.info))
})
test.afterAll(async () => {
  await app?.stop()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

async function open(page: Page): Promise<void> {
  await page.goto(app.url)
  await expect(page.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
    timeout: 60_000,
  })
}

const figure = (card: ReturnType<Page['locator']>, label: string) =>
  card.locator('.figure', {
    has: card.page().locator('.figure-label', { hasText: new RegExp(`^${label}$`) }),
  })

test('opens mid-shift: every queue shows the day’s figures and its day in quarter hours at once', async ({
  page,
}, info) => {
  await open(page)
  for (const q of QUEUES) {
    const card = page.getByRole('article', { name: q.name })
    // A queue whose day began less than an hour ago (local midnight) has had little of the backfill yet.
    const dayStarted = periodStart(Date.now(), q.timeZone, '00:00:00')
    if (Date.now() - dayStarted < 3600_000) continue
    await expect(figure(card, 'Service level').locator('.figure-value')).toHaveText(/\d+\.\d %/)
    await expect(figure(card, 'Avg handle time').locator('.figure-value')).not.toHaveText('—')
    await expect(figure(card, 'Avg speed of answer').locator('.figure-value')).not.toHaveText('—')
    await expect(figure(card, 'Abandoned').locator('.figure-value')).toHaveText(/(^|\s)[1-9]\d*$/)
    const chart = card.locator('figure.chart-intraday')
    await expect(chart).toHaveAttribute('aria-label', /service level today \d+\.\d % \(target \d+ %\)/)
    // Two service-level lines and the calls-waiting area, drawn.
    await expect(chart.locator('.recharts-line-curve')).toHaveCount(2)
    await expect(chart.locator('.recharts-area-area')).toHaveCount(1)
    expect(await chart.locator('.recharts-line-curve').first().getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/)
  }
  await shoot(page, info, 'supervisor-midshift')
})

test('shows each service’s uptime over 24 hours and 30 days, with the morning’s outage', async ({
  page,
}, info) => {
  await open(page)
  // Tall enough for all four services in one picture.
  await page.setViewportSize({ width: 1440, height: 1250 })
  await page.keyboard.press('5')
  const cards = page.locator('.monitor-card')
  await expect(cards).toHaveCount(4)
  for (const card of await cards.all()) {
    await expect(figure(card, 'Uptime 24 h').locator('.figure-value')).toHaveText(/^\d+\.\d\d %$/)
    await expect(figure(card, 'Uptime 30 d').locator('.figure-value')).toHaveText(/^\d+\.\d\d %$/)
    await expect(card.getByRole('list', { name: 'Uptime by hour, last 24 hours' }).locator('li')).toHaveCount(
      24,
    )
    await expect(card.getByRole('list', { name: 'Uptime by day, last 30 days' }).locator('li')).toHaveCount(
      30,
    )
  }
  // The CRM API failed for seven minutes two hours ago (the backfilled morning): an hour with failed checks.
  const crm = page.getByRole('article', { name: 'CRM API' })
  await expect(
    crm.getByRole('list', { name: 'Uptime by hour, last 24 hours' }).locator('li.uptime-down'),
  ).not.toHaveCount(0)
  await shoot(page, info, 'services-uptime')
})
