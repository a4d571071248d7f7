// `npm test`: every tier, in order, stopping at the first failure: format, lint, typecheck, build, security, unit,
// integration, browser end-to-end. Ends with one plain line counting every test that ran.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const RESULTS = '.cache/test-results'
const steps = [
  ['format', ['run', 'format:check']],
  ['lint', ['run', 'lint']],
  ['typecheck', ['run', 'typecheck']],
  ['build', ['run', 'build']],
  // Electronegativity over src/ and out/: nothing above informational unless docs/security.md justifies it.
  ['security', ['run', 'security']],
  [
    'unit',
    [
      'run',
      'test:unit',
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${RESULTS}/unit.json`,
    ],
  ],
  [
    'integration',
    [
      'run',
      'test:integration',
      '--',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${RESULTS}/integration.json`,
    ],
  ],
  [
    'e2e',
    ['run', 'test:e2e', '--', '--reporter=line,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: `${RESULTS}/e2e.json` },
  ],
]

const totals = { passed: 0, failed: 0, skipped: 0 }
function count(file) {
  if (!existsSync(file)) return
  const r = JSON.parse(readFileSync(file, 'utf8'))
  if ('numPassedTests' in r) {
    totals.passed += r.numPassedTests
    totals.failed += r.numFailedTests
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0)
  } else if (r.stats) {
    totals.passed += r.stats.expected + r.stats.flaky
    totals.failed += r.stats.unexpected
    totals.skipped += r.stats.skipped
  }
}

const only = process.argv.slice(2)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const started = Date.now()
rmSync(RESULTS, { recursive: true, force: true })
mkdirSync(RESULTS, { recursive: true })
let failedStep = null
for (const [name, args, env] of steps) {
  if (only.length && !only.includes(name)) continue
  const t0 = Date.now()
  console.log(`\n▶ ${name}`)
  const r = spawnSync(npm, ['--silent', ...args], { stdio: 'inherit', env: { ...process.env, ...env } })
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed after ${secs} s`)
    failedStep = name
    break
  }
  console.log(`✔ ${name} (${secs} s)`)
}
for (const f of ['unit', 'integration', 'e2e']) count(`${RESULTS}/${f}.json`)
console.log(
  `\n${failedStep ? `Stopped at ${failedStep}` : 'All tiers passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
)
if (failedStep && totals.failed === 0) totals.failed = 1
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failedStep ? 1 : 0)
