// A new critical alert in the headless console (`npm run serve` in a real Chromium, the embedded backend
// behind it): an in-app banner, a title badge and a browser Notification (permission granted to the test's
// context); acknowledging from the banner takes all three away. The alert is raised the way an integration
// would, through the REST API with the service_role key.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { demoSupervisorArgs, startConsole, type RunningConsole } from '../helpers/console'
import { raiseDemoAlert } from '../helpers/rest'

let backend: SpawnedBackend
let app: RunningConsole
let dataDir: string

test.beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'floorwatch-e2e-'))
  backend = await spawnBackend({ args: ['--port', '0', '--data', dataDir, '--rate', '0'] })
  app = await startConsole(demoSupervisorArgs(backend.info))
})
test.afterAll(async () => {
  await app?.stop()
  await backend?.stop()
  await rm(dataDir, { recursive: true, force: true })
})

interface Shown {
  title: string
  closed: boolean
}

/** Page script: records every Notification the page creates, and whether it was closed. */
const RECORD_NOTIFICATIONS = `
  const Real = window.Notification
  const shown = []
  window.__notifications = shown
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options)
      const entry = { title, closed: false }
      shown.push(entry)
      const close = this.close.bind(this)
      this.close = () => { entry.closed = true; close() }
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recorded })
`

async function raiseCritical(title: string): Promise<void> {
  await raiseDemoAlert(backend.info, { severity: 'critical', title, body: 'No answer from the carrier.' })
}

test('a new critical alert shows a banner, badges the title and fires a browser Notification', async ({
  browser,
}) => {
  const context = await browser.newContext()
  await context.grantPermissions(['notifications'], { origin: new URL(app.url).origin })
  const page = await context.newPage()
  // Record what the page asks the browser to show (headless Chromium draws no notification).
  await page.addInitScript({ content: RECORD_NOTIFICATIONS })
  await page.goto(app.url)
  await expect(page.locator('.app-header [data-state]')).toHaveAttribute('data-state', 'LIVE', {
    timeout: 30_000,
  })
  const notifications = () =>
    page.evaluate(() => (globalThis as unknown as { __notifications: Shown[] }).__notifications)
  expect(await notifications()).toEqual([])
  await expect(page).toHaveTitle('Floorwatch')

  await raiseCritical('SIP trunk is down')
  const banner = page.getByRole('region', { name: 'New alerts' }).getByRole('alert').filter({
    hasText: 'SIP trunk is down',
  })
  await expect(banner).toBeVisible({ timeout: 10_000 })
  await expect(page).toHaveTitle(/^\(\d+\) Floorwatch$/)
  await expect.poll(notifications).toContainEqual({ title: 'SIP trunk is down', closed: false })

  await banner.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(banner).toBeHidden({ timeout: 5_000 })
  await expect.poll(notifications).toContainEqual({ title: 'SIP trunk is down', closed: true })
  await context.close()
})
