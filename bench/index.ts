// `npm run bench`: the whole suite with short defaults (about 15 minutes on 2 quiet cores, of which the DOM
// bench's 60-second ladder steps take 3–5); it writes each bench's figures to bench/results/suite/<name>.json, the headline
// figures with their targets to bench/results/summary.json, and the generated summary table of
// docs/benchmarks.md.
// `npm run bench -- <name> [args]`: one bench with its own arguments (bench/results/<name>.json only).
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { figuresOf, machine, markdown, writeDocs, type BenchReport } from './summary'

const BENCHES = ['backend', 'core', 'ui', 'offline', 'recovery', 'dom', 'startup'] as const
type BenchName = (typeof BENCHES)[number]

/** The suite's arguments: short runs, so that all of it fits in about fifteen minutes. */
const SUITE: Record<BenchName, string[]> = {
  backend: ['8'],
  core: ['--phase', '5', '--soak', '20'],
  ui: ['--seconds', '5'],
  offline: ['--runs', '3'],
  recovery: ['--rounds', '5'],
  dom: ['--seconds', '10'],
  startup: ['2'],
}

const ROOT = join(import.meta.dirname, '..')
const RESULTS = join(import.meta.dirname, 'results')
const load1 = () => Math.round(loadavg()[0]! * 100) / 100
const cpuName = () => `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`

async function runBench(bench: BenchName, args: string[], dir = RESULTS): Promise<BenchReport> {
  const mod = (await import(`./${bench}.ts`)) as {
    default: (args: string[]) => Promise<Record<string, unknown>>
  }
  console.log(`\n== bench ${bench} ${args.join(' ')} (load ${load1()}) ==`)
  const started = new Date()
  const startLoad = load1()
  const figures = await mod.default(args)
  const report: BenchReport = {
    bench,
    started: started.toISOString(),
    args,
    loadavg: { start: startLoad, end: load1() },
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    figures,
  }
  const saved = {
    ...report,
    node: process.version,
    cpu: cpuName(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  }
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, `${bench}.json`), `${JSON.stringify(saved, null, 2)}\n`)
  console.log(JSON.stringify(figures, null, 2))
  console.log(`saved ${join(dir, `${bench}.json`).slice(ROOT.length + 1)}`)
  return report
}

/** The renderer the headless console serves, built from the sources as they are now. */
function buildRenderer(): void {
  const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('Building the console UI failed (see above).')
}

async function suite(): Promise<void> {
  const t0 = Date.now()
  // The tree as the benches found it (they write their results into it).
  const { commit, dirty } = machine()
  buildRenderer()
  const reports: BenchReport[] = []
  const failures: { bench: string; error: string }[] = []
  for (const bench of BENCHES) {
    try {
      reports.push(await runBench(bench, SUITE[bench], join(RESULTS, 'suite')))
    } catch (err) {
      // One bench failing must not lose the others' figures; the summary says which failed.
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err)
      console.error(`bench ${bench} failed: ${error}`)
      failures.push({ bench, error: error.split('\n')[0]! })
    }
  }
  const durationS = Math.round((Date.now() - t0) / 1000)
  const figures = figuresOf(reports)
  const date = new Date().toISOString()
  const host = `${cpuName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  const summary = {
    commit,
    dirty,
    date,
    command: 'npm run bench',
    machine: {
      cpu: cpuName(),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      kernel: release(),
    },
    durationS,
    benches: reports.map((r) => ({
      bench: r.bench,
      args: r.args,
      loadavg: r.loadavg,
      durationS: r.durationS,
    })),
    failures,
    figures: figures.map((f) => ({
      id: f.id,
      label: f.label,
      value: f.value,
      unit: f.unit,
      target: f.target?.text ?? null,
      met: f.target && f.value !== null ? f.target.met(f.value) : null,
      load1: f.load1,
    })),
  }
  await writeFile(join(RESULTS, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
  await writeDocs(ROOT, markdown({ date, commit, dirty, machine: host, durationS }, figures))
  console.log(`\nsuite done in ${durationS} s: bench/results/summary.json, docs/benchmarks.md`)
  for (const f of summary.figures) {
    const met = f.met === null ? '' : f.met ? ' (met)' : ' (NOT met)'
    console.log(`  ${f.label}: ${f.value}${f.unit ? ` ${f.unit}` : ''}${met}, load ${f.load1}`)
  }
  if (failures.length) {
    console.error(`failed: ${failures.map((f) => f.bench).join(', ')}`)
    process.exitCode = 1
  }
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2)
  if (!name) return suite()
  if (!(BENCHES as readonly string[]).includes(name)) {
    throw new Error(`Unknown benchmark "${name}"; choose one of: ${BENCHES.join(', ')} (or none for all).`)
  }
  await runBench(name as BenchName, args)
}

main().then(
  // Some benches leave sockets to close by themselves: do not wait for them.
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  },
)
