// The built desktop app, launched with Playwright's Electron support on an embedded backend: it shows
// live data, raises an OS notification for a new critical alert, and quits cleanly. Skips where the
// Electron binary is absent (it cannot be downloaded everywhere).
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { electronBinary, ROOT, serviceRest } from '../helpers/electron'

const binary = electronBinary()
test.skip(
  !binary,
  'no Electron binary installed (node_modules/electron has no dist/), so the desktop app cannot launch',
)

let backend: SpawnedBackend
let app: ElectronApplication
let profile: string

const rest = (path: string, init: RequestInit = {}): Promise<unknown> => serviceRest(backend.info, path, init)

test.beforeAll(async () => {
  backend = await spawnBackend({ args: ['--ephemeral', '--rate', '20'] })
  profile = mkdtempSync(join(tmpdir(), 'fw-electron-'))
  // The app connects to this backend as to any Supabase project, as an unattended display does: the
  // credentials come with the project they are for (issue 12 item 14).
  app = await electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'out/main/index.js'), '--profile', profile, '--password-store=basic'],
    env: {
      ...process.env,
      FLOORWATCH_URL: backend.info.api_url,
      FLOORWATCH_KEY: backend.info.anon_key,
      FLOORWATCH_EMAIL: backend.info.demo!.email,
      FLOORWATCH_PASSWORD: backend.info.demo!.password,
    },
  })
})

test.afterAll(async () => {
  await app?.close()
  await backend?.stop()
  rmSync(profile, { recursive: true, force: true })
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
