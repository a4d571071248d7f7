// `npm run backend [-- --port N --data DIR --seed S --rate R]`: starts the embedded backend alone, prints
// one JSON line with its URL and keys (like `supabase status -o json`), then serves until stopped.
// Logs go to stderr so that stdout carries exactly that one line.
import { homedir } from 'node:os'
import { join } from 'node:path'
import { intFlag, parseFlags, stringFlag } from './args'
import { startBackend } from './backend'
import { startWatchdog } from './watchdog'
import { DataFolderError } from './db/data-folder'
import type { Logger } from './context'

const USAGE = `usage: npm run backend -- [--port N] [--data DIR | --ephemeral] [--seed S] [--rate R] [--fast]
                        [--jwt-expiry SECONDS] [--no-demo] [--history-hours H] [--no-opening]
                        [--disk-reserve-mb MB]`

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(base, 'floorwatch', 'embedded')
}

const log: Logger = {
  info: (m) => process.stderr.write(`[backend] ${m}\n`),
  warn: (m) => process.stderr.write(`[backend] warning: ${m}\n`),
  error: (m, e) => process.stderr.write(`[backend] error: ${m}${e ? ` ${String(e)}` : ''}\n`),
}

async function main(): Promise<void> {
  let options: Parameters<typeof startBackend>[0] & { dataDir?: string; rate: number; seed: number }
  try {
    const flags = parseFlags(process.argv.slice(2))
    if (flags.help) {
      process.stderr.write(`${USAGE}\n`)
      return
    }
    options = {
      port: intFlag(flags, 'port', 0, 0, 65535),
      dataDir: flags.ephemeral ? undefined : (stringFlag(flags, 'data') ?? defaultDataDir()),
      seed: intFlag(flags, 'seed', 1),
      rate: intFlag(flags, 'rate', 10, 0, 100_000),
      fast: flags.fast === true,
      diskReserveBytes: intFlag(flags, 'disk-reserve-mb', 48, 1, 1_000_000) * 1_048_576,
      demo: flags['no-demo'] !== true,
      // A floor without traffic (--rate 0: tests, integrations) starts empty unless asked for a history.
      historyHours: intFlag(
        flags,
        'history-hours',
        intFlag(flags, 'rate', 10, 0, 100_000) > 0 ? 8 : 0,
        0,
        24,
      ),
      opening: flags['no-opening'] !== true,
      config: { jwtExpirySeconds: intFlag(flags, 'jwt-expiry', 3600, 10) },
      log,
    }
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  // Never wedged for good: a stuck database engine ends the process with the reason (watchdog.ts). Opening
  // the database holds the thread longer than any request may (a new folder, a big one, a busy machine).
  const watchdog = startWatchdog({
    stallMs: Number(process.env.FLOORWATCH_WATCHDOG_MS) || 15_000,
    startupStallMs: Number(process.env.FLOORWATCH_WATCHDOG_STARTUP_MS) || 180_000,
    dataDir: options.dataDir,
  })
  // Signals may come while the database is still opening: stop once it is open, never mid-write.
  const starting = startBackend(options)
  let stopping = false
  const stop = async (why: string): Promise<void> => {
    if (stopping) return
    stopping = true
    log.info(`stopping (${why})`)
    setTimeout(() => process.exit(1), 10_000).unref()
    try {
      await (await starting.catch(() => null))?.stop()
    } finally {
      process.exit(0)
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
  // When the parent dies the backend must not linger: an IPC channel closes, or the parent pid vanishes.
  process.on('disconnect', () => void stop('parent disconnected'))
  const parentPid = Number(process.env.FLOORWATCH_PARENT_PID)
  if (parentPid > 0) {
    setInterval(() => {
      try {
        process.kill(parentPid, 0)
      } catch {
        void stop('parent exited')
      }
    }, 1000).unref()
  }

  const backend = await starting
  watchdog.ready()
  if (stopping) return
  process.stdout.write(
    `${JSON.stringify({
      api_url: backend.url,
      anon_key: backend.anonKey,
      service_role_key: backend.serviceRoleKey,
      demo: backend.demo ? { email: backend.demo.email, password: backend.demo.password } : null,
    })}\n`,
  )
  log.info(
    `serving ${backend.url} (data: ${options.dataDir ?? 'in memory'}, rate ${options.rate}/s, seed ${options.seed})`,
  )
}

main().catch((err: unknown) => {
  // A refused data folder is a message for a person, not a stack trace.
  const text =
    err instanceof DataFolderError
      ? err.message
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err)
  process.stderr.write(`[backend] could not start: ${text}\n`)
  process.exit(1)
})
