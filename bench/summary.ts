// The suite's summary: each headline figure with its target and whether it was met, written as
// bench/results/summary.json and as the generated section of docs/benchmarks.md (between the markers;
// the hand-written prose around them is kept).
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { format, resolveConfig } from 'prettier'

export interface BenchReport {
  bench: string
  started: string
  args: string[]
  /** 1-minute load average when the bench started and ended (other work shares the cores). */
  loadavg: { start: number; end: number }
  durationS: number
  figures: Record<string, unknown>
}

export interface Figure {
  id: string
  label: string
  value: number | string | boolean | null
  unit: string
  /** The goal in words and as a check; null: reported, no target. */
  target: { text: string; met: (v: number | string | boolean) => boolean } | null
  /** Load average when it was measured (the figure's own, else its bench's at the end). */
  load1: number
}

type Json = Record<string, unknown>
const at = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Json)[k] : undefined), o)
const num = (o: unknown, path: string): number | null => {
  const v = at(o, path)
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

const atMost = (limit: number, unit: string) => ({
  text: `≤ ${limit.toLocaleString('en-US')} ${unit}`.trim(),
  met: (v: number | string | boolean) => typeof v === 'number' && v <= limit,
})
const atLeast = (limit: number, unit: string) => ({
  text: `≥ ${limit.toLocaleString('en-US')} ${unit}`.trim(),
  met: (v: number | string | boolean) => typeof v === 'number' && v >= limit,
})
const isTrue = { text: 'yes', met: (v: number | string | boolean) => v === true }

/** The headline figures of every bench that ran. */
export function figuresOf(reports: BenchReport[]): Figure[] {
  const out: Figure[] = []
  const add = (r: BenchReport, f: Omit<Figure, 'load1'>, load?: number | null) =>
    out.push({ ...f, load1: load ?? r.loadavg.end })
  for (const r of reports) {
    const g = r.figures
    if (r.bench === 'backend') {
      const phases = (g.phases as Json[] | undefined) ?? []
      const p1000 = phases.find((p) => p.rate === 1000)
      const max = phases.find((p) => p.rate === 'max')
      add(r, {
        id: 'backend.p99At1000',
        label: 'backend: commit → subscriber p99 at 1,000/s',
        value: num(p1000, 'latencyMs.p99'),
        unit: 'ms',
        target: atMost(100, 'ms'),
      })
      add(r, {
        id: 'backend.maxPerSecond',
        label: 'backend: changes/s to one subscriber at the maximum',
        value: num(max, 'deliveredPerSecond'),
        unit: '/s',
        target: atLeast(2000, '/s'),
      })
    }
    if (r.bench === 'core') {
      add(r, {
        id: 'core.p99At1000',
        label: 'core: commit → relay view p99 at 1,000/s',
        value: num(g, 'latencyAt1000.p99'),
        unit: 'ms',
        target: atMost(150, 'ms'),
      })
      const cpu = num(g, 'cpuMsPerEvent.core')
      add(r, {
        id: 'core.cpuPer1000',
        label: 'core: CPU per 1,000 events',
        value: cpu === null ? null : Math.round(cpu * 1000),
        unit: 'ms',
        target: null,
      })
      add(r, {
        id: 'core.naiveCpuRatio',
        label: 'core: naive pattern CPU ÷ core CPU',
        value: num(g, 'naiveOverCoreCpuRatio'),
        unit: '×',
        target: atLeast(10, '×'),
      })
      add(r, {
        id: 'core.soakHeapGrowth',
        label: `core: JS heap growth over a ${num(g, 'soak.seconds') ?? '?'} s soak`,
        value: num(g, 'soak.heapGrowthPercent'),
        unit: '%',
        target: atMost(5, '%'),
      })
    }
    if (r.bench === 'ui') {
      add(r, {
        id: 'ui.fpsAt1000',
        label: 'ui: frames/s, 10,000 calls at 1,000 updates/s',
        value: num(g, '1000/s.app.fps'),
        unit: 'fps',
        target: null,
      })
      add(r, {
        id: 'ui.fpsRatioAt1000',
        label: 'ui: frame rate app ÷ naive at 1,000/s',
        value: num(g, '1000/s.fpsRatio'),
        unit: '×',
        target: null,
      })
    }
    if (r.bench === 'offline') {
      add(r, {
        id: 'offline.coldStart',
        label: 'offline: spawn → cached floor (10,000 calls) on screen, max',
        value: num(g, 'coldStart.totalMs.max'),
        unit: 'ms',
        target: atMost(1000, 'ms'),
      })
    }
    if (r.bench === 'dom') {
      for (const rate of ['100/s', '1000/s']) {
        const d = at(g, rate) as Json | undefined
        if (!d) continue
        const load = num(d, 'load1')
        const k = rate.replace('/s', '')
        add(
          r,
          {
            id: `dom.p99At${k}`,
            label: `commit → DOM (Chromium) p99 at ${Number(k).toLocaleString('en-US')}/s (p50 ${num(d, 'latencyMs.p50')}, p95 ${num(d, 'latencyMs.p95')})`,
            value: num(d, 'latencyMs.p99'),
            unit: 'ms',
            target: rate === '1000/s' ? atMost(150, 'ms') : null,
          },
          load,
        )
        add(
          r,
          {
            id: `dom.rendererCpuPer1000At${k}`,
            label: `renderer main thread per 1,000 updates at ${Number(k).toLocaleString('en-US')}/s`,
            value: num(d, 'rendererMainThreadMsPer1000'),
            unit: 'ms',
            target: null,
          },
          load,
        )
        add(
          r,
          {
            id: `dom.consoleCpuPer1000At${k}`,
            label: `headless console process CPU per 1,000 updates at ${Number(k).toLocaleString('en-US')}/s`,
            value: num(d, 'consoleProcessCpuMsPer1000'),
            unit: 'ms',
            target: null,
          },
          load,
        )
      }
    }
    if (r.bench === 'dom') {
      for (const rate of ['100/s', '1000/s']) {
        const n = at(g, `naive ${rate}`) as Json | undefined
        if (!n) continue
        const k = Number(rate.replace('/s', '')).toLocaleString('en-US')
        add(
          r,
          {
            id: `dom.naiveP99At${rate.replace('/s', '')}`,
            label: `naive pattern (supabase-js in the page, a list copy per event): commit → DOM p99 at ${k}/s (p50 ${num(n, 'latencyMs.p50')}, ${num(n, 'shown')} of ${num(n, 'committed')} shown); naive ÷ console ${num(n, 'p99Ratio')} ×`,
            value: num(n, 'latencyMs.p99'),
            unit: 'ms',
            target: null,
          },
          num(n, 'load1'),
        )
      }
      const sustained = at(g, 'sustained') as Json | undefined
      if (sustained) {
        const steps = (sustained.steps as Json[] | undefined) ?? []
        const failed = steps.find((x) => x.sustained === false)
        add(
          r,
          {
            id: 'dom.sustainedRate',
            label: `commit → DOM: highest rate sustained ${num(sustained, 'seconds')} s (${failed ? `at ${String(failed.rate)}/s: ${String(failed.why)}` : 'no step failed'})`,
            value: num(sustained, 'highestRate'),
            unit: '/s',
            target: null,
          },
          num(steps.at(-1), 'load1'),
        )
      }
    }
    if (r.bench === 'recovery') recoveryFigures(r, add)
  }
  return out
}

function recoveryFigures(
  r: BenchReport,
  add: (r: BenchReport, f: Omit<Figure, 'load1'>, l?: number | null) => void,
) {
  const g = r.figures
  const words = {
    supervised: 'supervised (npm run serve, Electron)',
    direct: 'direct',
    proxy: 'through a TCP proxy',
  }
  for (const variant of ['supervised', 'direct', 'proxy'] as const) {
    const v = at(g, `restart.${variant}`) as Json | undefined
    if (!v) continue
    add(
      r,
      {
        id: `recovery.restart.${variant}`,
        label: `backend restart → LIVE, ${words[variant]}, max of ${num(v, 'rounds')} (p50 ${num(v, 'liveAfterReadyMs.p50')} ms)`,
        value: num(v, 'liveAfterReadyMs.max'),
        unit: 'ms',
        target: atMost(3000, 'ms'),
      },
      num(v, 'load1.max'),
    )
  }
  const c = at(g, 'catchUp') as Json | undefined
  if (c) {
    add(
      r,
      {
        id: 'recovery.catchUp',
        label: `${num(c, 'changes')?.toLocaleString('en-US')} missed changes: socket open → all applied`,
        value: num(c, 'socketOpenToCaughtUpMs'),
        unit: 'ms',
        target: atMost(2000, 'ms'),
      },
      num(c, 'load1'),
    )
  }
  const f = at(g, 'floor') as Json | undefined
  if (f) {
    const load = num(f, 'core.load1')
    const calls = num(f, 'calls')?.toLocaleString('en-US')
    const oneFrame =
      num(f, 'core.serverSnapshotFrames') === 1 &&
      num(f, 'core.liveBatchesBeforeSnapshotDone') === 0 &&
      at(f, 'browser.activityEmpty') === true
    add(
      r,
      {
        id: 'recovery.floor.oneFrame',
        label: `${calls} calls arrive as one framed snapshot, no news, Activity empty`,
        value: oneFrame,
        unit: '',
        target: isTrue,
      },
      load,
    )
    add(
      r,
      {
        id: 'recovery.floor.startToApplied',
        label: `${calls} calls: console start → snapshot applied (core)`,
        value: num(f, 'core.startToSnapshotAppliedMs'),
        unit: 'ms',
        target: null,
      },
      load,
    )
    add(
      r,
      {
        id: 'recovery.floor.pageToShown',
        label: `${calls} calls: page opened → floor shown (Chromium)`,
        value: num(f, 'browser.pageOpenToFloorShownMs'),
        unit: 'ms',
        target: null,
      },
      num(f, 'browser.load1'),
    )
    add(
      r,
      {
        id: 'recovery.floor.maxBatchBytes',
        label: `largest relay batch (IPC and bridge payload), ${num(f, 'core.batchesInSnapshot')} batches`,
        value: num(f, 'core.maxBatchBytes'),
        unit: 'B',
        target: atMost(65_536, 'B'),
      },
      load,
    )
    add(
      r,
      {
        id: 'recovery.floor.maxBridgeMessageBytes',
        label: 'largest bridge WebSocket message (batch + `{event, payload}` envelope)',
        value: num(f, 'browser.maxBridgeMessageBytes'),
        unit: 'B',
        target: null,
      },
      num(f, 'browser.load1'),
    )
  }
}

export function machine() {
  const git = (...a: string[]) => {
    try {
      return execFileSync('git', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return null
    }
  }
  return { commit: git('rev-parse', 'HEAD'), dirty: (git('status', '--porcelain') ?? '') !== '' }
}

const START = '<!-- bench:summary:start (generated by `npm run bench`; edits here are overwritten) -->'
const END = '<!-- bench:summary:end -->'

function cell(f: Figure): { value: string; met: string } {
  const v = f.value
  const value =
    v === null
      ? 'n/a'
      : typeof v === 'number'
        ? `${v.toLocaleString('en-US')}${f.unit ? ` ${f.unit}` : ''}`
        : String(v)
  if (!f.target) return { value, met: '—' }
  if (v === null) return { value, met: 'not measured' }
  return { value, met: f.target.met(v) ? 'met' : '**not met**' }
}

export function markdown(
  s: { date: string; commit: string | null; dirty: boolean; machine: string; durationS: number },
  figures: Figure[],
): string {
  const rows = figures.map((f) => {
    const c = cell(f)
    return `| ${f.label} | ${c.value} | ${f.target?.text ?? '—'} | ${c.met} | ${f.load1.toFixed(1)} |`
  })
  return [
    START,
    '',
    `Last full run: ${s.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${s.commit?.slice(0, 10) ?? 'unknown'}\`${s.dirty ? ' (with uncommitted changes)' : ''}, ${s.machine}, ${Math.round(s.durationS / 60)} min (\`npm run bench\`; these figures in \`bench/results/summary.json\`, all of them in \`bench/results/suite/<bench>.json\`). Load average: the 1-minute load when the figure was taken; the machine has 2 cores, so above 2 other work slowed the figure down.`,
    '',
    '| figure | value | target | target met | load avg |',
    '| ------ | ----: | ------ | ---------- | -------: |',
    ...rows,
    '',
    END,
  ].join('\n')
}

/** Replaces the generated section of docs/benchmarks.md (or adds it after the first paragraph). */
export async function writeDocs(root: string, section: string): Promise<void> {
  const file = join(root, 'docs', 'benchmarks.md')
  const doc = await readFile(file, 'utf8')
  const start = doc.indexOf(START.slice(0, 25))
  const end = doc.indexOf(END)
  let next: string
  if (start >= 0 && end > start) next = doc.slice(0, start) + section + doc.slice(end + END.length)
  else {
    const cut = doc.indexOf('\n## ')
    next =
      cut >= 0 ? `${doc.slice(0, cut)}\n## Summary\n\n${section}\n${doc.slice(cut)}` : `${doc}\n${section}\n`
  }
  // Formatted as `npm run format` would, so the format check stays clean.
  const options = (await resolveConfig(file)) ?? {}
  await writeFile(file, await format(next, { ...options, filepath: file }))
}
