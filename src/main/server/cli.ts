// `npm run serve`: the headless console. The embedded backend (or a real Supabase project), the engine, and
// an HTTP + WebSocket bridge serving the built renderer to any browser: wall displays, tests.
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import WebSocket from 'ws'
import { intFlag, parseFlags, stringFlag, type Flags } from '../embedded/args'
import { ROOT } from '../embedded/paths'
import { nodeLauncher } from '../embedded/spawn'
import { superviseInto } from '../embedded/supervisor'
import { systemClock } from '../core/clock'
import { createConsole } from '../core/console'
import { memoryFolder, type StoreFolder } from '../core/offline/durable'
import { fileFolder } from '../core/offline/file-folder'
import { storedSessionStore } from '../core/offline/remembered'
import type { SessionStore } from '../core/session-store'
import { checkAnonKey, checkProjectUrl } from '../../shared/keys'
import { startConsoleServer } from './console-server'
import { WallDevices } from './wall-devices'

const RENDERER = join(ROOT, 'out', 'renderer')
const VERSION = '0.1.0'
const USAGE = `usage: npm run serve -- [--port N] [--host H --token T] [--wall-token W] [--walls-file F]
                      [--data DIR | --ephemeral] [--rate R]          (the embedded backend)
                      [--supabase-url URL --anon-key KEY] [--email E --password P]
                      [--cache DIR]   the console's offline cache, outbox and session
                                      (default ${defaultCacheDir()}; none with --ephemeral)`

function defaultCacheDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'floorwatch', 'console')
}

/** Where the console keeps what must outlive it; --ephemeral keeps nothing. */
function consoleStorage(flags: Flags): { storage: StoreFolder; sessionStore?: SessionStore } {
  if (flags.ephemeral && !stringFlag(flags, 'cache')) return { storage: memoryFolder() }
  const dir = stringFlag(flags, 'cache') ?? defaultCacheDir()
  const storage = fileFolder(dir)
  const report = (m: string) => log.warn(m)
  return { storage, sessionStore: storedSessionStore(storage, Date.now(), report) }
}

function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER, 'index.html'))) return
  process.stderr.write('[serve] building the console UI (first run)…\n')
  const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  if (r.status !== 0) throw new Error('Building the console UI failed (see above); try `npm run build`.')
}

interface RealProject {
  url: string
  anonKey: string
  credentials: { email: string; password: string }
}

/** A real project from flags or environment, or null for the embedded backend. */
function realProject(flags: Flags): RealProject | null {
  const url = stringFlag(flags, 'supabase-url') ?? process.env.SUPABASE_URL
  if (!url) return null
  const checkedUrl = checkProjectUrl(url)
  if (!checkedUrl.ok) throw new Error(checkedUrl.error)
  const rawKey = stringFlag(flags, 'anon-key') ?? process.env.SUPABASE_ANON_KEY
  const key = checkAnonKey(rawKey)
  if (!key.ok) throw new Error(key.error)
  const credentials = unattended(flags)
  if (!credentials) {
    throw new Error(
      'Give the console an account to sign in with: --email and --password (or FLOORWATCH_EMAIL/FLOORWATCH_PASSWORD).',
    )
  }
  return { url: checkedUrl.url, anonKey: String(rawKey).trim(), credentials }
}

/**
 * Where the wall display devices are kept: --walls-file (or FLOORWATCH_WALLS_FILE), else next to the
 * embedded backend's --data; else in memory, said once on start: devices made then last as long as this
 * process (never a default folder a test run could write to).
 */
function wallsFile(flags: Flags): string | null {
  const given = stringFlag(flags, 'walls-file') ?? process.env.FLOORWATCH_WALLS_FILE
  if (given) return given
  const data = stringFlag(flags, 'data')
  if (data && !flags.ephemeral) return join(data, 'wall-devices.json')
  process.stderr.write('[serve] wall displays are kept in memory: give --walls-file F to keep them\n')
  return null
}

function unattended(flags: Flags): { email: string; password: string } | undefined {
  const email = stringFlag(flags, 'email') ?? process.env.FLOORWATCH_EMAIL
  const password = stringFlag(flags, 'password') ?? process.env.FLOORWATCH_PASSWORD
  return email && password ? { email, password } : undefined
}

/** What the embedded backend is started with: its data folder (or none) and its traffic. */
function backendArgs(flags: Flags): string[] {
  const data = stringFlag(flags, 'data')
  const store = flags.ephemeral ? ['--ephemeral'] : data ? ['--data', data] : []
  return [...store, '--rate', String(intFlag(flags, 'rate', 10, 0, 100_000))]
}

const log = {
  info: (m: string) => process.stderr.write(`[engine] ${m}\n`),
  warn: (m: string) => process.stderr.write(`[engine] warning: ${m}\n`),
  error: (m: string, e?: unknown) =>
    process.stderr.write(`[engine] error: ${m}${e ? ` ${String(e)}` : ''}\n`),
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2))
  if (flags.help) return void console.log(USAGE)
  const host = stringFlag(flags, 'host') ?? '127.0.0.1'
  const port = intFlag(flags, 'port', 5810, 0, 65535)
  const tokens = {
    console: stringFlag(flags, 'token') ?? process.env.FLOORWATCH_TOKEN,
    wall: stringFlag(flags, 'wall-token') ?? process.env.FLOORWATCH_WALL_TOKEN,
  }
  ensureRendererBuilt()
  const project = realProject(flags)
  const engine = createConsole({
    project: project && { ...project, demo: false },
    embedded: !project,
    ...consoleStorage(flags),
    webSocket: WebSocket,
    log,
  })
  const server = await startConsoleServer({
    engine,
    info: () => ({ version: VERSION, shell: 'headless', backend: engine.settings() }),
    rendererDir: RENDERER,
    host,
    port,
    tokens,
    walls: new WallDevices(wallsFile(flags)),
  })
  console.log(`Floorwatch headless console: ${server.url}`)
  // The embedded backend runs in its own process, supervised: restarted with backoff whenever it dies.
  const supervisor = project
    ? null
    : superviseInto(engine, {
        launch: nodeLauncher({
          args: backendArgs(flags),
          inheritLogs: !!flags.verbose,
        }),
        clock: systemClock,
        credentials: unattended(flags),
        log: (m) => log.warn(m),
      })
  // The backend starts at once; the console meanwhile opens on its cached floor, if it has one.
  void supervisor?.start()
  await engine.start()

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(1), 10_000).unref()
    await server.close()
    await engine.stop()
    await supervisor?.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(`[serve] ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
