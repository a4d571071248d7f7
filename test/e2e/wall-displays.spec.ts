// Two wall displays on the headless console, against a backend this test owns: the board's profile edited in
// the database reaches both (rotation, thresholds recoloured within 2 s), the not-live overlay comes and goes
// with the backend, a supervisor's announcement shows on both, a wall device made in Settings is counted in
// the header, flashes its name and is refused once revoked (as are missing and wrong tokens, in words), and
// screenshots at 1080p and 4K for docs/screenshots (with FLOORWATCH_SCREENSHOTS=docs/screenshots).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { demoSupervisorArgs, startConsole, type RunningConsole } from '../helpers/console'
import { serviceRest } from '../helpers/rest'

const WALL_TOKEN = 'wall-e2e-token-0123456789'
const CONSOLE_TOKEN = 'console-e2e-token-0123456789'
const OTHER_TOKEN = 'other-console-e2e-token-0123456789'
/** FLOORWATCH_SCREENSHOTS=docs/screenshots keeps what the walls showed, for the docs; a test run writes nothing. */
async function shoot(page: Page, name: string) {
  const dir = process.env.FLOORWATCH_SCREENSHOTS
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`) })
}

let backend: SpawnedBackend
let app: RunningConsole
let dataDir: string
let profileId: string
const walls: Page[] = []

const rest = (path: string, init: RequestInit = {}): Promise<unknown> => serviceRest(backend.info, path, init)

async function setProfile(patch: { layout?: unknown; rotation_seconds?: number }): Promise<void> {
  await rest(`wallboard_profiles?id=eq.${profileId}`, { method: 'PATCH', body: JSON.stringify(patch) })
}

async function openWall(browser: Browser, size = { width: 1920, height: 1080 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport: size })).newPage()
  await page.goto(`${app.url}?token=${WALL_TOKEN}`)
  await expect(page.locator('.board')).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('[data-overlay]')).toHaveCount(0, { timeout: 30_000 })
  return page
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  dataDir = await mkdtemp(join(tmpdir(), 'floorwatch-wall-e2e-'))
  backend = await spawnBackend({ args: ['--port', '0', '--data', dataDir, '--rate', '20'] })
  app = await startConsole([
    ...demoSupervisorArgs(backend.info),
    '--token',
    CONSOLE_TOKEN,
    '--wall-token',
    WALL_TOKEN,
    '--walls-file',
    join(dataDir, 'wall-devices.json'),
  ])
  const rows = (await rest('wallboard_profiles?select=id&name=eq.Main%20floor')) as { id: string }[]
  profileId = rows[0]!.id
  walls.push(await openWall(browser), await openWall(browser))
})
test.afterAll(async () => {
  for (const w of walls) await w.context().close()
  await app?.stop()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

test('a wall token opens board mode: no navigation, big tiles', async () => {
  for (const w of walls) {
    await expect(w.getByRole('navigation', { name: 'Views' })).toHaveCount(0)
    await expect(w.getByRole('heading', { level: 1, name: /Main floor/ })).toBeVisible()
    await expect(w.getByRole('region', { name: 'Service level' })).toBeVisible()
  }
})

test('a threshold changed in the database recolours both walls within 2 s', async () => {
  const tiles = walls.map((w) => w.getByRole('region', { name: 'Service level' }))
  // Service level is worse when lower: 101 % can never be met (critical), -1 % always is (OK).
  await setProfile({
    layout: { tiles: ['service-level', 'waiting'], thresholds: { 'service-level': { warn: 102, bad: 101 } } },
  })
  for (const t of tiles) await expect(t).toHaveAttribute('data-level', 'bad', { timeout: 10_000 })
  const started = Date.now()
  await setProfile({
    layout: { tiles: ['service-level', 'waiting'], thresholds: { 'service-level': { warn: -1, bad: -2 } } },
  })
  for (const t of tiles) await expect(t).toHaveAttribute('data-level', 'ok', { timeout: 2_000 })
  test.info().annotations.push({ type: 'recolour-ms', description: String(Date.now() - started) })
  for (const t of tiles) await expect(t.getByText('OK', { exact: true })).toBeVisible()
})

test('both walls turn through the playlist together, with a progress cue', async () => {
  await setProfile({
    rotation_seconds: 3,
    layout: {
      boards: [
        { name: 'Queues', tiles: ['service-level', 'waiting', 'queues'] },
        { name: 'Services', tiles: ['monitors', 'alerts'] },
      ],
    },
  })
  for (const w of walls) await expect(w.getByRole('progressbar')).toBeVisible({ timeout: 5_000 })
  const seen = [new Set<string>(), new Set<string>()]
  const deadline = Date.now() + 9_000
  while (Date.now() < deadline && seen.some((s) => s.size < 2)) {
    for (const [i, w] of walls.entries())
      seen[i]!.add((await w.locator('.board').getAttribute('data-board')) ?? '')
    await walls[0]!.waitForTimeout(250)
  }
  for (const s of seen) expect([...s].sort()).toEqual(['Queues', 'Services'])
  // Driven by the clock (whole seconds on every page), so both turn at the same moment: watched every
  // ~50 ms over two turns, each turn of one wall is within 400 ms of the other's (a page ticking on its own
  // second, as before, was up to a second apart).
  const turns: number[][] = [[], []]
  const last: (string | null)[] = [null, null]
  const until = Date.now() + 7_000
  while (Date.now() < until) {
    for (const [i, w] of walls.entries()) {
      const board = await w.locator('.board').getAttribute('data-board')
      if (last[i] !== null && board !== last[i]) turns[i]!.push(Date.now())
      last[i] = board
    }
    await walls[0]!.waitForTimeout(50)
  }
  expect(turns[0]!.length).toBeGreaterThanOrEqual(2)
  for (const t of turns[0]!) {
    const nearest = Math.min(...turns[1]!.map((u) => Math.abs(u - t)))
    expect(nearest).toBeLessThanOrEqual(400)
  }
})

async function supervisorSettings(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
  await page.goto(`${app.url}?token=${CONSOLE_TOKEN}`)
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 })
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: /^Settings/ })
    .click()
  return page
}

test('an announcement a supervisor sends shows on both walls, over the private org channel', async ({
  browser,
}) => {
  const sup = await supervisorSettings(browser)
  await sup.getByLabel('Message').fill('Team huddle at 15:00 by the coffee machine')
  await sup.getByLabel('Show for (minutes)').fill('5')
  await sup.getByRole('button', { name: 'Announce' }).click()
  for (const w of walls) {
    const banner = w.getByRole('region', { name: 'Announcements' })
    await expect(banner).toContainText('Team huddle at 15:00 by the coffee machine', { timeout: 5_000 })
    await expect(banner).toContainText('demo@floorwatch.local')
  }
  await sup.context().close()
})

test('a wall device: named in Settings, counted in the header, identified, then revoked and refused', async ({
  browser,
}) => {
  const sup = await supervisorSettings(browser)
  await sup.getByLabel('Name of the new wall display').fill('North wall')
  await sup.getByRole('button', { name: 'Add wall display' }).click()
  const address = (await sup.locator('.wall-address').textContent())!
  expect(address).toMatch(/\?token=fw_wall_/)
  const north = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage()
  await north.goto(address)
  await expect(north.locator('.board')).toBeVisible({ timeout: 30_000 })
  // The two shared-token walls and this one: never "0 wall displays" while walls are connected.
  await expect(sup.getByLabel('Watching now')).toContainText('3 wall displays')
  const row = sup.locator('tr[data-wall="North wall"]')
  await expect(row).toContainText('Connected (1 screen)')
  await row.getByRole('button', { name: 'Identify' }).click()
  await expect(north.locator('[data-identify]')).toContainText('North wall')
  await expect(walls[0]!.locator('[data-identify]')).toHaveCount(0)
  await row.getByRole('button', { name: 'Revoke…' }).click()
  await row.getByRole('button', { name: /Revoke North wall/ }).click()
  await expect(north.getByRole('heading', { name: 'Access revoked' })).toBeVisible({ timeout: 5_000 })
  await expect(north.locator('[data-refused]')).toContainText('North wall')
  await expect(sup.getByLabel('Watching now')).toContainText('2 wall displays')
  // Opened again, the address is refused at once, in words.
  const again = await north.context().newPage()
  await again.goto(address)
  await expect(again.getByRole('heading', { name: 'Access revoked' })).toBeVisible({ timeout: 10_000 })
  await again.goto(`${app.url}?token=wall-not-a-real-token`)
  await expect(again.getByRole('heading', { name: 'Access token not recognised' })).toBeVisible({
    timeout: 10_000,
  })
  await again.goto(app.url)
  await expect(again.getByRole('heading', { name: 'No access token' })).toBeVisible({ timeout: 10_000 })
  await north.context().close()
  await sup.context().close()
})

test('walls are in the org’s presence: every console counts supervisors and wall displays by kind', async ({
  browser,
}) => {
  test.setTimeout(90_000)
  // A second console on the same org, elsewhere (another process, another user): it serves no wall.
  const elsewhere = await startConsole([
    '--supabase-url',
    backend.info.api_url,
    '--anon-key',
    backend.info.anon_key,
    '--email',
    'admin@floorwatch.local',
    '--password',
    'floorwatch-demo',
    '--token',
    OTHER_TOKEN,
  ])
  const pages: Page[] = []
  const supervisor = async (url: string) => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await page.goto(url)
    await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 })
    pages.push(page)
    return page.getByLabel('Watching now')
  }
  const counts = async (text: string, ...headers: ReturnType<Page['getByLabel']>[]) => {
    for (const h of headers) await expect(h).toContainText(text, { timeout: 15_000 })
  }
  try {
    const there = await supervisor(`${elsewhere.url}?token=${OTHER_TOKEN}`)
    // Its own supervisor, and the two walls the first console serves (which it never sees directly).
    await counts('Watching: 1 supervisor, 2 wall displays', there)
    const here = await supervisor(`${app.url}?token=${CONSOLE_TOKEN}`)
    await counts('Watching: 2 supervisors, 2 wall displays', there, here)
    const third = await openWall(browser)
    pages.push(third)
    await counts('Watching: 2 supervisors, 3 wall displays', there, here)
    await third.context().close()
    await counts('Watching: 2 supervisors, 2 wall displays', there, here)
  } finally {
    for (const p of pages) await p.context().close()
    await elsewhere.stop()
  }
})

test('the supervisor at 1024 px: nothing cut or scrolled sideways, the ? overlay fits', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage()
  await page.goto(`${app.url}?token=${CONSOLE_TOKEN}`)
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('.app-header [data-state="LIVE"]')).toBeVisible({ timeout: 30_000 })
  await shoot(page, 'supervisor-1024')
  // Page scripts as text: this file is type-checked without the DOM library.
  const sideways = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')
  expect(sideways).toBeLessThanOrEqual(0)
  // The status pill's words are whole, not ellipsised.
  const whole =
    "(() => { const e = document.querySelector('.app-header .conn-text'); return e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= window.innerWidth })()"
  expect(await page.evaluate(whole)).toBe(true)
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  const fits = await page.evaluate(`(() => {
    const d = document.querySelector('[role="dialog"]')
    const r = d.getBoundingClientRect()
    const all = [d, ...d.querySelectorAll('*')]
    const scrolling = all.filter(
      (e) => e.scrollHeight > e.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
    )
    return { inside: r.top >= 0 && r.bottom <= window.innerHeight, scrolling: scrolling.length }
  })()`)
  expect(fits).toEqual({ inside: true, scrolling: 0 })
  await shoot(page, 'supervisor-1024-help')
  await page.context().close()
})

test('screenshots at 1080p and 4K', async ({ browser }) => {
  await setProfile({
    rotation_seconds: 0,
    layout: { tiles: ['service-level', 'waiting', 'longest-wait', 'abandoned', 'agents', 'queues'] },
  })
  await expect(walls[0]!.locator('.board-grid')).toHaveAttribute('data-count', '6', { timeout: 5_000 })
  await shoot(walls[0]!, 'wall-1080p')
  const big = await openWall(browser, { width: 3840, height: 2160 })
  await shoot(big, 'wall-4k')
  // At 4K the tiles fill the screen rather than the top third.
  const box = await big.locator('.board-grid').boundingBox()
  expect(box!.height).toBeGreaterThan(2160 * 0.7)
  await big.context().close()
})

test('the overlay covers both walls while the backend is paused and leaves when it resumes', async () => {
  test.setTimeout(120_000)
  // Staleness is judged by the server tick once one was seen (else by heartbeats, ~50 s): wait for one, as
  // this test may run first in a fresh worker after another test failed.
  await expect
    .poll(
      async () => {
        const res = await fetch(`${app.url}api/health?token=${CONSOLE_TOKEN}`)
        return ((await res.json()) as { tick?: { seen?: boolean } }).tick?.seen
      },
      { timeout: 30_000 },
    )
    .toBe(true)
  backend.child.kill('SIGSTOP')
  try {
    for (const w of walls) {
      const overlay = w.locator('[data-overlay]')
      await expect(overlay).toBeVisible({ timeout: 45_000 })
      await expect(overlay).toContainText(/STALE|OFFLINE/)
      await expect(overlay).toContainText(/Data from \d+ (s|min) ago/)
    }
    await shoot(walls[0]!, 'wall-stale-1080p')
  } finally {
    backend.child.kill('SIGCONT')
  }
  for (const w of walls) await expect(w.locator('[data-overlay]')).toHaveCount(0, { timeout: 60_000 })
})
