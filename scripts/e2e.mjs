// Browser end-to-end tests with Playwright against the headless console, in the Chromium findBrowser() picks.
import { spawnSync } from 'node:child_process'
import { findBrowser, HOW_TO_GET_ONE } from './find-browser.mjs'

const browser = findBrowser()
if (!browser) {
  console.error(HOW_TO_GET_ONE)
  process.exit(1)
}
console.log(`Browser: ${browser}`)
const r = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FLOORWATCH_CHROMIUM: browser },
})
process.exit(r.status ?? 1)
