// The built desktop app as a wall (`--kiosk --board "Main floor"`), launched with Playwright's Electron
// support on an embedded backend: a kiosk window showing its board (board mode, not the supervisor's
// console), the pointer hidden after 3 s, counted as a wall display by a supervisor elsewhere, and a page
// that stops answering restarted after the grace period, back on the same board, with one notice and no
// alert raised again. Skips where the Electron binary is absent (it cannot be downloaded everywhere).
import { expect, test, type ElectronApplication } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { launchApp, skipWithoutElectron, type LaunchedApp } from '../helpers/electron'
import { serviceRest } from '../helpers/rest'
import { startConsole, type RunningConsole } from '../helpers/console'

const CONSOLE_TOKEN = 'kiosk-e2e-console-token-0123456789'

skipWithoutElectron()

let backend: SpawnedBackend
let launched: LaunchedApp
let app: ElectronApplication

const rest = (path: string, init: RequestInit = {}): Promise<unknown> => serviceRest(backend.info, path, init)

/** OS notifications the app shows, counted in main from the moment this is called. */
const countNotifications = () =>
  app.evaluate(({ Notification }) => {
    const g = globalThis as unknown as { shown?: string[] }
    if (g.shown) return
    g.shown = []
    const original = Notification.prototype.show
    Notification.prototype.show = function (this: Electron.Notification) {
      g.shown!.push(this.title)
      return original.call(this)
    }
  })
const shown = () => app.evaluate(() => (globalThis as unknown as { shown: string[] }).shown)

test.beforeAll(async () => {
  backend = await spawnBackend({ args: ['--ephemeral', '--rate', '10'] })
  launched = await launchApp(backend.info, ['--kiosk', '--board', 'Main floor'])
  app = launched.app
})

test.afterAll(async () => {
  await launched?.close()
  await backend?.stop()
})

test('shows its board full screen, with the pointer hidden after 3 s without a move', async () => {
  const page = await app.firstWindow()
  await expect(page.locator('.board')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('heading', { level: 1, name: /Main floor/ })).toBeVisible()
  await expect(page.getByRole('navigation', { name: 'Views' })).toHaveCount(0)
  expect(new URL(page.url()).searchParams.get('board')).toBe('Main floor')
  expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isKiosk())).toBe(true)
  await expect(page.locator('.board.board-cursor-hidden')).toHaveCount(1, { timeout: 10_000 })
})

test('is counted as a wall display by a supervisor on another console', async ({ browser }) => {
  let other: RunningConsole | undefined
  try {
    other = await startConsole([
      '--supabase-url',
      backend.info.api_url,
      '--anon-key',
      backend.info.anon_key,
      '--email',
      'admin@floorwatch.local',
      '--password',
      backend.info.demo!.password,
      '--token',
      CONSOLE_TOKEN,
    ])
    const page = await (await browser.newContext()).newPage()
    await page.goto(`${other.url}?token=${CONSOLE_TOKEN}`)
    await expect(page.getByLabel('Watching now')).toContainText('Watching: 1 supervisor, 1 wall display', {
      timeout: 30_000,
    })
    await page.context().close()
  } finally {
    await other?.stop()
  }
})

test('a page that stops answering is restarted on the same board, told once, alerting nothing again', async () => {
  test.setTimeout(180_000)
  const page = await app.firstWindow()
  await expect(page.locator('.board')).toBeVisible({ timeout: 30_000 })
  await countNotifications()
  const [org] = (await rest('orgs?select=id&limit=1')) as { id: string }[]
  await rest('alerts', {
    method: 'POST',
    body: JSON.stringify({ org_id: org!.id, severity: 'critical', title: 'Kiosk e2e trunk down' }),
  })
  await expect.poll(shown, { timeout: 30_000 }).toContain('Critical: Kiosk e2e trunk down')
  const before = (await shown()).length
  await app.evaluate(({ BrowserWindow }) => {
    const g = globalThis as unknown as { loads: number }
    g.loads = 0
    BrowserWindow.getAllWindows()[0]!.webContents.on('did-finish-load', () => g.loads++)
  })
  // The page's main thread stops for two minutes: no input waits for it, so only the kiosk's own
  // question notices (asked every 15 s, silent after 10 s, 10 s of grace).
  await page.evaluate('setTimeout(() => { const end = Date.now() + 120000; while (Date.now() < end) {} }, 0)')
  await expect
    .poll(() => app.evaluate(() => (globalThis as unknown as { loads: number }).loads), { timeout: 90_000 })
    .toBeGreaterThan(0)
  const restored = app.windows()[0]!
  expect(new URL(restored.url()).searchParams.get('board')).toBe('Main floor')
  await expect(restored.locator('.board')).toBeVisible({ timeout: 30_000 })
  await expect(restored.getByText(/stopped responding and was restored/)).toHaveCount(1, { timeout: 10_000 })
  // The reloaded page got the floor as a snapshot: no alert was raised again.
  await restored.waitForTimeout(3_000)
  expect((await shown()).length).toBe(before)
})
