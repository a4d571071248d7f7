// `npm run serve`: the headless console. The embedded backend (or a real Supabase project), the core, and an
// HTTP + WebSocket bridge serving the built renderer to any browser: wall displays, tests.
import { createServer } from 'node:http'
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import { intFlag, parseFlags, stringFlag } from '../embedded/args'
import { ROOT } from '../embedded/paths'
import { spawnBackend } from '../embedded/spawn'
import { staticFiles } from './static-files'
import { attachBridge } from './bridge'

const RENDERER = join(ROOT, 'out', 'renderer')

function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER, 'index.html'))) return
  process.stderr.write('[serve] building the console UI (first run)…\n')
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  if (r.status !== 0) throw new Error('Building the console UI failed (see above); try `npm run build`.')
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2))
  const host = stringFlag(flags, 'host') ?? '127.0.0.1'
  const port = intFlag(flags, 'port', 5810, 0, 65535)
  const token = stringFlag(flags, 'token') ?? process.env.FLOORWATCH_TOKEN
  if (host !== '127.0.0.1' && host !== 'localhost' && !token) {
    throw new Error(
      `--host ${host} exposes the console beyond this machine: give an access token with --token or FLOORWATCH_TOKEN.`,
    )
  }
  ensureRendererBuilt()
  const supabaseUrl = stringFlag(flags, 'supabase-url') ?? process.env.SUPABASE_URL
  const backend = supabaseUrl
    ? null
    : await spawnBackend({ args: ['--rate', String(intFlag(flags, 'rate', 10))] })
  const backendUrl = supabaseUrl ?? backend!.info.api_url

  const server = createServer(staticFiles(RENDERER))
  attachBridge(
    server,
    {
      'app:info': async () => ({
        version: '0.1.0',
        shell: 'headless',
        backend: { url: backendUrl, demo: !supabaseUrl },
      }),
    },
    (url) => !token || tokenMatches(url.searchParams.get('token'), token),
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE' ? new Error(`Port ${port} is in use; pick another with --port N.`) : err,
      ),
    )
    server.listen(port, host, resolve)
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  console.log(`Floorwatch headless console: http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}/`)

  const stop = async () => {
    server.closeAllConnections()
    server.close()
    await backend?.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err: unknown) => {
  console.error(`[serve] ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
