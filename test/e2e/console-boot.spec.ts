import { test, expect } from '@playwright/test'
import { startConsole, type RunningConsole } from '../helpers/console'

let app: RunningConsole

test.beforeAll(async () => {
  app = await startConsole(['--ephemeral'])
})
test.afterAll(async () => {
  await app?.stop()
})

test('the headless console loads in Chromium and reaches its embedded backend', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') violations.push(msg.text())
  })
  await page.goto(app.url)
  await expect(page.getByRole('heading', { name: 'Floorwatch' })).toBeVisible()
  // The console serves at once; its backend may take 10 s and more to open on a busy machine.
  await expect(page.getByText('Demo data')).toBeVisible({ timeout: 30_000 })
  await page.keyboard.press('9')
  // The embedded backend starts with the console (a new demo floor backfills its morning first): give it time.
  await expect(page.getByText(/Connected to http:\/\/127\.0\.0\.1:/)).toBeVisible({ timeout: 30_000 })
  expect(violations, 'no CSP violations or script errors').toEqual([])
})
