// `npm run bench -- <name> [args]`: runs bench/<name>.ts, prints its figures and saves them as JSON in
// bench/results/<name>.json (with machine details) for docs/benchmarks.md.
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'

const BENCHES = ['backend', 'core', 'ui', 'offline', 'recovery'] as const

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2)
  const chosen = name ? [name] : ['backend']
  for (const bench of chosen) {
    if (!(BENCHES as readonly string[]).includes(bench)) {
      throw new Error(`Unknown benchmark "${bench}"; choose one of: ${BENCHES.join(', ')}.`)
    }
    const mod = (await import(`./${bench}.ts`)) as {
      default: (args: string[]) => Promise<Record<string, unknown>>
    }
    console.log(`\n== bench ${bench} ==`)
    const started = new Date().toISOString()
    const figures = await mod.default(args)
    const report = {
      bench,
      started,
      node: process.version,
      cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      args,
      figures,
    }
    console.log(JSON.stringify(figures, null, 2))
    const dir = join(import.meta.dirname, 'results')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, `${bench}.json`), `${JSON.stringify(report, null, 2)}\n`)
    console.log(`saved bench/results/${bench}.json`)
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
