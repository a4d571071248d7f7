// The renderer's harness: the headless console over a synthetic live floor (no backend needed).
//   npx tsx scripts/ui-demo.ts [--calls 300] [--rate 20] [--port 5811] [--seed 7]
// Prints the URL; reads commands on stdin: `state LIVE|CONNECTING|DEGRADED|STALE|OFFLINE`, `quit`.
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { startConsoleServer, type ConsoleServer } from '../src/main/server/console-server'
import type { HealthState } from '../src/shared/health'
import { DemoEngine, type DemoOptions } from './ui-harness/engine'

const ROOT = join(import.meta.dirname, '..')
const CONSOLE_TOKEN = 'console-demo-token'
const WALL_TOKEN = 'wall-demo-token'

export interface UiDemo {
  url: string
  wallUrl: string
  engine: DemoEngine
  server: ConsoleServer
  stop(): Promise<void>
}

export async function startUiDemo(opts: Partial<DemoOptions> & { port?: number } = {}): Promise<UiDemo> {
  const engine = new DemoEngine({ calls: 300, agents: 80, rate: 20, seed: 7, ...opts })
  const server = await startConsoleServer({
    engine,
    info: () => ({
      version: '0.1.0',
      shell: 'headless',
      backend: { url: 'http://127.0.0.1:54321', demo: true },
    }),
    rendererDir: join(ROOT, 'out', 'renderer'),
    port: opts.port ?? 0,
    tokens: { console: CONSOLE_TOKEN, wall: WALL_TOKEN },
  })
  void engine.start()
  return {
    url: `${server.url}?token=${CONSOLE_TOKEN}`,
    wallUrl: `${server.url}?token=${WALL_TOKEN}`,
    engine,
    server,
    stop: async () => {
      await engine.stop()
      engine.relay.stop()
      await server.close()
    },
  }
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}

async function main(): Promise<void> {
  const demo = await startUiDemo({
    calls: flag('calls', 300),
    rate: flag('rate', 20),
    seed: flag('seed', 7),
    port: flag('port', 0),
  })
  console.log(`Floorwatch UI demo: ${demo.url}`)
  console.log(`Wall display (read-only): ${demo.wallUrl}`)
  const quit = async () => {
    await demo.stop()
    process.exit(0)
  }
  createInterface({ input: process.stdin }).on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/)
    if (cmd === 'state' && arg) demo.engine.setState(arg as HealthState)
    if (cmd === 'quit') void quit()
  })
  process.on('SIGINT', () => void quit())
  process.on('SIGTERM', () => void quit())
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })
}
