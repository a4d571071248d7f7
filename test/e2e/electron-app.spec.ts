// The built desktop app, launched with Playwright's Electron support on an embedded backend: it shows
// live data, raises an OS notification for a new critical alert, and quits cleanly. Skips where the
// Electron binary is absent (it cannot be downloaded everywhere).
import { expect, test, type ElectronApplication } from '@playwright/test'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { launchApp, skipWithoutElectron, type LaunchedApp } from '../helpers/electron'
import { serviceRest } from '../helpers/rest'

skipWithoutElectron()

let backend: SpawnedBackend
let launched: LaunchedApp
let app: ElectronApplication

const rest = (path: string, init: RequestInit = {}): Promise<unknown> => serviceRest(backend.info, path, init)

test.beforeAll(async () => {
  backend = await spawnBackend({ args: ['--ephemeral', '--rate', '20'] })
  launched = await launchApp(backend.info)
  app = launched.app
})

test.afterAll(async () => {
  await launched?.close()
  await backend?.stop()
})

test('shows the live floor in a hardened window', async () => {
  const page = await app.firstWindow()
  await expect(page.getByRole('navigation')).toBeVisible()
  expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe(
    'undefined',
  )
  expect(
    await page.evaluate(() =>
      Object.keys((globalThis as unknown as { floorwatch: object }).floorwatch).sort(),
    ),
  ).toContain('onOpenAlert')
  await expect(page.getByText(/live/i).first()).toBeVisible({ timeout: 30_000 })
})

test('raises an OS notification for a new critical alert', async () => {
  await app.evaluate(({ Notification }) => {
    const shown: string[] = []
    ;(globalThis as unknown as { shown: string[] }).shown = shown
    const original = Notification.prototype.show
    Notification.prototype.show = function (this: Electron.Notification) {
      shown.push(this.title)
      return original.call(this)
    }
  })
  const [org] = (await rest('orgs?select=id&limit=1')) as { id: string }[]
  await rest('alerts', {
    method: 'POST',
    body: JSON.stringify({ org_id: org!.id, severity: 'critical', title: 'E2E trunk down' }),
  })
  await expect
    .poll(() => app.evaluate(() => (globalThis as unknown as { shown: string[] }).shown), { timeout: 30_000 })
    .toContain('Critical: E2E trunk down')
})

test('quits cleanly', async () => {
  const closed = app.process().exitCode
  expect(closed).toBeNull()
  await app.close()
  expect(app.process().exitCode ?? app.process().signalCode).not.toBeUndefined()
})
