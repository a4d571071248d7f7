// Recovery benchmark (`npm run bench -- recovery [--rounds N] [--changes N] [--calls N] [--only a,b]`):
// - restart: back to LIVE after the embedded backend is killed (SIGKILL) and restarted on the same port
//   and data folder, supervised (the shells' way), direct and through a TCP proxy; N rounds each;
// - catch-up: 10,000 changes missed while the socket was cut, then reconnect → all applied;
// - floor: 20,000 calls delivered as one framed snapshot (core and Chromium), batch sizes ≤ 64 KB.
// Everything is real: the backend in its own process, the core, supabase-js over loopback sockets.
import { catchUpScenario } from './recovery/catch-up'
import { floorScenario } from './recovery/floor'
import { restartScenario } from './recovery/restart'

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`)
  const v = i >= 0 ? Number(args[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? v : fallback
}

const PARTS = ['supervised', 'direct', 'proxy', 'catch-up', 'floor'] as const

export default async function recovery(args: string[]): Promise<Record<string, unknown>> {
  const rounds = flag(args, 'rounds', 5)
  const i = args.indexOf('--only')
  const only = i >= 0 ? (args[i + 1] ?? '').split(',') : [...PARTS]
  const unknown = only.filter((p) => !(PARTS as readonly string[]).includes(p))
  if (unknown.length) throw new Error(`--only takes ${PARTS.join(', ')} (got ${unknown.join(', ')})`)
  const figures: Record<string, unknown> = {}
  const restart: Record<string, unknown> = {}
  for (const variant of ['supervised', 'direct', 'proxy'] as const) {
    if (only.includes(variant)) restart[variant] = await restartScenario(variant, rounds)
  }
  if (Object.keys(restart).length) figures.restart = restart
  if (only.includes('catch-up')) figures.catchUp = await catchUpScenario(flag(args, 'changes', 10_000))
  if (only.includes('floor')) figures.floor = await floorScenario(flag(args, 'calls', 20_000))
  return figures
}
