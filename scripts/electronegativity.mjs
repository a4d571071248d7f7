// `npm test` step "security": Electronegativity scans the sources (src/) and the built bundles (out/) and
// fails on any finding above informational that docs/security.md does not justify. A justification is a
// row of the "Electronegativity findings" table there: | CHECK_ID | file | reason |, where file is a path
// suffix or `*`. Informational findings are printed, never fatal.
// The only networked check (known Electron security fixes, fetched from GitHub) is excluded: this step
// must give the same answer offline; docs/security.md says how Electron versions are kept current instead.
import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'

// Electronegativity fetches fresh translations with got 11, whose retries escape as uncaught errors on
// current Node when offline (ENOTFOUND, or p-cancelable's onCancel error). The scan does not depend on
// them (it falls back to its bundled English), so errors thrown from got are noted and ignored.
process.on('uncaughtException', (err) => {
  const stack = String(err?.stack ?? '')
  if (err?.name === 'RequestError' || /node_modules[\\/](got|p-cancelable)[\\/]/.test(stack)) {
    console.log(`(offline: Electronegativity's translation download failed: ${err.message})`)
    return
  }
  console.error(err)
  process.exit(1)
})

const require = createRequire(import.meta.url)
const run = require('@doyensec/electronegativity')
const ROOT = resolve(import.meta.dirname, '..')
const ELECTRON = JSON.parse(readFileSync(resolve(ROOT, 'node_modules/electron/package.json'), 'utf8')).version

function justifications() {
  const doc = readFileSync(resolve(ROOT, 'docs/security.md'), 'utf8')
  const section = doc.split(/^## Electronegativity findings/m)[1]?.split(/^## /m)[0] ?? ''
  return section
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')))
    .filter((cells) => cells.length >= 5 && /^[A-Z_]+$/.test(cells[1]))
    .map(([, id, file, reason]) => ({ id, file, reason }))
}

async function scan(dir) {
  const input = resolve(ROOT, dir)
  if (!existsSync(input)) throw new Error(`${dir}/ does not exist (run the build first)`)
  const result = await run({
    input,
    electronVersionOverride: ELECTRON,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    parserPlugins: [],
    isRelative: false,
  })
  return result.issues.map((i) => ({ ...i, file: relative(ROOT, i.file) }))
}

const allowed = justifications()
const isJustified = (issue) =>
  allowed.some((a) => a.id === issue.id && (a.file === '*' || issue.file.endsWith(a.file)))
let failures = 0
for (const dir of ['src', 'out']) {
  const issues = await scan(dir)
  for (const issue of issues) {
    const where = `${issue.file}:${issue.location.line}:${issue.location.column}`
    const level = issue.severity.name
    const fatal = level !== 'INFORMATIONAL' && !isJustified(issue)
    if (fatal) failures++
    const tag = fatal ? 'FAIL' : level === 'INFORMATIONAL' ? 'info' : 'justified'
    console.log(`${tag.padEnd(9)} ${issue.id} ${level}/${issue.confidence.name} ${where}`)
  }
  console.log(`${dir}/: ${issues.length} finding(s)`)
}
if (failures > 0) {
  console.error(`\n${failures} finding(s) above informational are not justified in docs/security.md.`)
  process.exit(1)
}
console.log('Electronegativity: nothing above informational that docs/security.md does not justify.')
