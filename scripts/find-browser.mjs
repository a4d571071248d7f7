// Finds a Chromium for Playwright, in this order: $PLAYWRIGHT_CHROMIUM_EXECUTABLE, Playwright's own download,
// /usr/bin/chromium, chromium-browser, google-chrome. Returns null when there is none.
import { existsSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

function onPath(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

function playwrightDownload() {
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core')
    const path = chromium.executablePath()
    return path && existsSync(path) ? path : null
  } catch {
    return null
  }
}

export function findBrowser() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null
  return (
    playwrightDownload() ??
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null) ??
    onPath('chromium-browser') ??
    onPath('google-chrome')
  )
}

export const HOW_TO_GET_ONE =
  'No Chromium found for the browser tests. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`), ' +
  'or run `npx playwright install chromium` where downloads work, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chrome/Chromium binary.'
