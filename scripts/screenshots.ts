// Regenerates docs/screenshots/*.png: every view, light and dark, at 1440x900, from the UI harness
// (a deterministic synthetic floor, so screenshots change only when the UI does).
//   npx tsx scripts/screenshots.ts            (builds the renderer first if out/renderer is missing)
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
// @ts-expect-error: a plain .mjs helper without types
import { findBrowser, HOW_TO_GET_ONE } from './find-browser.mjs'
import { startUiDemo } from './ui-demo'
import { VIEWS, VIEW_LABELS } from '../src/shared/views'

const ROOT = join(import.meta.dirname, '..')
const OUT = join(ROOT, 'docs', 'screenshots')
const NAMES = VIEWS.map((v) => VIEW_LABELS[v])

async function show(page: Page, i: number): Promise<void> {
  await page.keyboard.press(String(i + 1))
  await page
    .getByRole('button', { name: new RegExp(`^${NAMES[i]}`) })
    .and(page.locator('[aria-current="page"]'))
    .waitFor()
  if (VIEWS[i] === 'alerts') await page.getByRole('button', { name: /Recording store is down/ }).click()
  if (VIEWS[i] === 'calls') await page.keyboard.press('j')
  // Let charts lay out and live values settle for a frame or two.
  await page.waitForTimeout(600)
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  }
  const executablePath = (findBrowser as () => string | null)()
  if (!executablePath) throw new Error(HOW_TO_GET_ONE as string)
  await mkdir(OUT, { recursive: true })
  const demo = await startUiDemo({ calls: 600, rate: 30 })
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme })
      await page.goto(demo.url)
      await page.getByRole('article', { name: 'Sales' }).waitFor()
      await page.waitForTimeout(1200)
      for (let i = 0; i < VIEWS.length; i++) {
        await show(page, i)
        const file = join(OUT, `${VIEWS[i]}-${scheme}.png`)
        await page.screenshot({ path: file })
        console.log(`wrote ${file}`)
      }
      await page.keyboard.press('?')
      await page.getByRole('dialog').waitFor()
      await page.screenshot({ path: join(OUT, `shortcuts-${scheme}.png`) })
      await page.keyboard.press('Escape')
      demo.engine.setState('STALE')
      await show(page, 0)
      await page.screenshot({ path: join(OUT, `stale-${scheme}.png`) })
      demo.engine.setState('LIVE')
      await page.close()
    }
  } finally {
    await browser.close()
    await demo.stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
