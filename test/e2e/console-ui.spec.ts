// The renderer in Chromium against the headless console over a synthetic live floor (scripts/ui-demo.ts):
// live updates, alert actions seen by a second browser, stale/offline visuals, read-only displays, and
// accessibility on every view in both themes. No CSP violation or script error anywhere.
import AxeBuilder from '@axe-core/playwright'
import { VIEWS as VIEW_NAMES, VIEW_LABELS } from '../../src/shared/views'
import { expect, test, type Page } from '@playwright/test'
import { join } from 'node:path'
import { startUiDemoProcess, type UiDemoProcess } from './ui-demo-process'

/** FLOORWATCH_SCREENSHOTS=docs/screenshots keeps what the page showed, for the docs; a test run writes nothing. */
async function shoot(page: Page, name: string) {
  const dir = process.env.FLOORWATCH_SCREENSHOTS
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`) })
}

let demo: UiDemoProcess
const VIEWS = VIEW_NAMES.map((v) => VIEW_LABELS[v])

test.beforeAll(async () => {
  demo = await startUiDemoProcess(['--calls', '400', '--rate', '40'])
})
test.afterAll(async () => {
  await demo?.stop()
})

function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  return errors
}

async function view(page: Page, index: number) {
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible()
  await page.keyboard.press(String(index + 1))
  await expect(page.getByRole('button', { name: new RegExp(`^${VIEWS[index]}`) })).toHaveAttribute(
    'aria-current',
    'page',
  )
}

test('the floor appears and updates live', async ({ page }) => {
  const errors = watchErrors(page)
  await page.goto(demo.url)
  await expect(page.getByText('Demo data')).toBeVisible()
  await expect(page.getByRole('article', { name: 'Sales' })).toBeVisible()
  await view(page, 1)
  const table = page.getByRole('table', { name: 'Live calls' })
  await expect(table.getByRole('row').nth(3)).toBeVisible()
  const first = await table.locator('.vt-body').innerText()
  await expect.poll(() => table.locator('.vt-body').innerText(), { timeout: 10_000 }).not.toBe(first)
  await view(page, 7)
  await expect
    .poll(async () =>
      Number(
        await page.locator('.figure', { hasText: 'Events per second' }).locator('.figure-value').innerText(),
      ),
    )
    .toBeGreaterThan(0)
  expect(errors, 'no CSP violations or script errors').toEqual([])
})

test('an alert acknowledged in one browser shows as acknowledged in another within 2 s', async ({
  browser,
}) => {
  const a = await (await browser.newContext()).newPage()
  const b = await (await browser.newContext()).newPage()
  for (const p of [a, b]) {
    await p.goto(demo.url)
    await view(p, 3)
  }
  const title = 'Agent idle for 7 minutes'
  await a.getByRole('button', { name: new RegExp(title) }).click()
  await expect(
    b.getByRole('button', { name: new RegExp(title) }).locator('[data-status="open"]'),
  ).toBeVisible()
  await a.getByRole('button', { name: /Acknowledge/ }).click()
  await expect(
    b.getByRole('button', { name: new RegExp(title) }).locator('[data-status="acknowledged"]'),
  ).toBeVisible({ timeout: 2000 })
  await expect(a.getByText('Alert acknowledged')).toBeVisible()
  await a.context().close()
  await b.context().close()
})

test('stale and offline data look stale, and recover when the feed returns', async ({ page }) => {
  await page.goto(demo.url)
  const main = page.locator('#main')
  const status = page.locator('.app-header [data-state]')
  await expect(status).toHaveAttribute('data-state', 'LIVE')
  demo.setState('STALE')
  await expect(status).toHaveAttribute('data-state', 'STALE')
  await expect(page.getByRole('alert').filter({ hasText: 'Data is stale' })).toBeVisible()
  await expect(main).toHaveClass(/is-stale/)
  demo.setState('OFFLINE')
  await expect(status).toContainText('Offline')
  await expect(page.getByRole('alert').filter({ hasText: /^Offline/ })).toContainText('ago')
  demo.setState('LIVE')
  await expect(status).toHaveAttribute('data-state', 'LIVE')
  await expect(main).not.toHaveClass(/is-stale/)
  await expect(page.getByText('Data is stale')).toHaveCount(0)
})

test('at 1024 px every state word is whole, in a crowded header too; the ? overlay fits 1024×768', async ({
  browser,
}) => {
  const page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage()
  const errors = watchErrors(page)
  await page.goto(demo.url)
  const status = page.locator('.app-header [data-state]')
  await expect(status).toHaveAttribute('data-state', 'LIVE')
  // A long organisation name and many watchers (text the next render would put back, read at once here).
  const crowd = `(() => {
    document.querySelector('.header-org').textContent = 'Northwind Contact Centre — Manila Night Shift Operations'
    document.querySelector('.watchers-count').textContent = 'Watching: 12 supervisors, 24 wall displays'
  })()`
  // Page scripts as text: this file is type-checked without the DOM library.
  const whole = `(() => {
    const word = document.querySelector('.app-header .conn-text').getBoundingClientRect()
    const help = document.querySelector('.app-header .btn-icon').getBoundingClientRect()
    const text = document.querySelector('.app-header .conn-text')
    return {
      whole: text.scrollWidth <= text.clientWidth && word.right <= window.innerWidth,
      sideways: document.documentElement.scrollWidth > window.innerWidth,
      helpRound: Math.round(help.width) === Math.round(help.height),
    }
  })()`
  try {
    for (const state of ['CONNECTING', 'DEGRADED', 'STALE', 'OFFLINE', 'LIVE'] as const) {
      demo.setState(state)
      await expect(status).toHaveAttribute('data-state', state)
      await page.evaluate(crowd)
      expect(await page.evaluate(whole), state).toEqual({ whole: true, sideways: false, helpRound: true })
    }
    demo.setState('OFFLINE')
    await expect(status).toContainText('Offline')
    await page.evaluate(crowd)
    await shoot(page, 'supervisor-1024-offline')
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(help).toBeVisible()
    const fits = await page.evaluate(`(() => {
      const d = document.querySelector('[role="dialog"]')
      const r = d.getBoundingClientRect()
      const scrolling = [d, ...d.querySelectorAll('*')].filter(
        (e) => e.scrollHeight > e.clientHeight + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowY),
      )
      return { inside: r.top >= 0 && r.bottom <= window.innerHeight, scrolling: scrolling.length }
    })()`)
    expect(fits).toEqual({ inside: true, scrolling: 0 })
    await shoot(page, 'supervisor-1024-offline-help')
  } finally {
    demo.setState('LIVE')
    await page.context().close()
  }
  expect(errors).toEqual([])
})

test('a wall display is read-only: no action buttons', async ({ page }) => {
  await page.goto(`${demo.wallUrl}&console`)
  await expect(page.getByText('Read-only')).toBeVisible()
  await view(page, 3)
  await page.getByRole('button', { name: /Recording store is down/ }).click()
  await expect(page.getByRole('heading', { name: 'Recording store is down' })).toBeVisible()
  await expect(page.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0)
  await view(page, 8)
  await expect(page.getByRole('button', { name: 'Connect' })).toHaveCount(0)
})

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious or critical accessibility violations on any view (${scheme})`, async ({ page }) => {
    const errors = watchErrors(page)
    await page.emulateMedia({ colorScheme: scheme })
    await page.goto(demo.url)
    await expect(page.getByRole('article', { name: 'Sales' })).toBeVisible()
    for (let i = 0; i < VIEWS.length; i++) {
      await view(page, i)
      if (VIEWS[i] === 'Alerts') await page.getByRole('button', { name: /Recording store is down/ }).click()
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze()
      const bad = result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${VIEWS[i]}: ${v.id} (${v.impact}) ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        )
      expect(bad).toEqual([])
    }
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    const help = await new AxeBuilder({ page }).analyze()
    expect(
      help.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([])
    expect(errors).toEqual([])
  })
}

test('losing the console itself shows Offline, not the last live state', async ({ page }) => {
  const own = await startUiDemoProcess(['--calls', '50'])
  try {
    await page.goto(own.url)
    const status = page.locator('.app-header [data-state]')
    await expect(status).toHaveAttribute('data-state', 'LIVE')
    await own.stop()
    await expect(status).toHaveAttribute('data-state', 'OFFLINE')
    await expect(
      page.getByRole('alert').filter({ hasText: 'Lost the connection to the console' }),
    ).toBeVisible()
    await expect(page.locator('#main')).toHaveClass(/is-stale/)
  } finally {
    await own.stop()
  }
})
