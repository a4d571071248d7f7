// The renderer against the real engine and the embedded backend (`npm run serve` pointed at a backend this
// test owns, so it can stop and restart it): live data, an acknowledgement seen by a second browser within
// 2 s, and the offline visuals while the backend is down.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { demoSupervisorArgs, startConsole, type RunningConsole } from '../helpers/console'
import { raiseDemoAlert } from '../helpers/rest'

let backend: SpawnedBackend
let app: RunningConsole
let dataDir: string
let port: string

async function startBackend(): Promise<SpawnedBackend> {
  return spawnBackend({ args: ['--port', port, '--data', dataDir, '--rate', '20'] })
}

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'floorwatch-e2e-'))
  port = '0'
  backend = await startBackend()
  port = new URL(backend.info.api_url).port
  app = await startConsole(demoSupervisorArgs(backend.info))
})
test.afterAll(async () => {
  await app?.stop()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

async function raiseAlert(title: string): Promise<void> {
  await raiseDemoAlert(backend.info, { severity: 'warning', title })
}

async function view(page: Page, key: string, name: string) {
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible()
  await page.keyboard.press(key)
  await expect(page.getByRole('button', { name: new RegExp(`^${name}`) })).toHaveAttribute(
    'aria-current',
    'page',
  )
}

test('real floor data appears and updates live', async ({ page }) => {
  await page.goto(app.url)
  await expect(page.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
    timeout: 30_000,
  })
  await expect(page.locator('.queue-card').first()).toBeVisible()
  await view(page, '2', 'Live calls')
  const body = page.getByRole('table', { name: 'Live calls' }).locator('.vt-body')
  await expect(body.getByRole('row').first()).toBeVisible()
  const first = await body.innerText()
  await expect.poll(() => body.innerText(), { timeout: 15_000 }).not.toBe(first)
})

test('an alert acknowledged in one browser shows as acknowledged in another within 2 s', async ({
  browser,
}) => {
  const a = await (await browser.newContext()).newPage()
  const b = await (await browser.newContext()).newPage()
  for (const p of [a, b]) {
    await p.goto(app.url)
    await expect(p.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
      timeout: 30_000,
    })
    await view(p, '4', 'Alerts')
  }
  // Alerts come from the rules' evaluator when incidents last long enough; not to wait for one, raise one
  // the way an integration would (REST, service_role).
  const title = `Carrier check ${Date.now()}`
  await raiseAlert(title)
  const open = a.locator('.alert-item', { hasText: title }).first()
  await expect(open.locator('[data-status="open"]')).toBeVisible({ timeout: 10_000 })
  await open.click()
  // The alert's own button: critical alerts also have banners with an Acknowledge button.
  await a
    .locator('.alert-detail')
    .getByRole('button', { name: /Acknowledge/ })
    .click()
  const inB = b.locator('.alert-item', { hasText: title }).first()
  await expect(inB.locator('[data-status="acknowledged"]')).toBeVisible({ timeout: 2000 })
  await a.context().close()
  await b.context().close()
})

test('offline visuals appear when the backend stops and clear when it returns', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(app.url)
  const status = page.locator('.app-header [data-state]')
  await expect(status).toHaveAttribute('data-state', 'LIVE', { timeout: 30_000 })
  await backend.stop()
  await expect(status).toHaveAttribute('data-state', /OFFLINE|STALE|DEGRADED|CONNECTING/, { timeout: 30_000 })
  await expect(page.getByRole('alert').filter({ hasText: /Offline|stale/i })).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('#main')).toHaveClass(/is-stale/)
  backend = await startBackend()
  await expect(status).toHaveAttribute('data-state', 'LIVE', { timeout: 60_000 })
  await expect(page.locator('#main')).not.toHaveClass(/is-stale/)
})
