// The embedded Supabase-compatible backend: one HTTP server on loopback serving Realtime (WebSocket),
// REST (PostgREST subset) and Auth (GoTrue subset) over PGlite, plus the call-centre simulator.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Database } from './db/database'
import { Router, sendJson } from './http/router'
import {
  DEFAULT_CONFIG,
  consoleLogger,
  createContext,
  loadKeys,
  type BackendConfig,
  type BackendContext,
  type Logger,
} from './context'
import { registerAuth } from './auth'
import { registerRest } from './rest'
import { DEFAULT_TICK_MS, startTicker } from './ticker'
import { DEFAULT_ALERT_EVAL_MS, startAlertScheduler } from './alert-scheduler'
import { attachRealtime, type RealtimeServer } from './realtime'
import {
  DEMO_INCIDENTS,
  initialSpeed,
  seedDemo,
  startSimulator,
  type DemoAccount,
  type Simulator,
} from './simulator'

export interface BackendOptions {
  /** 0 or omitted: a free port. */
  port?: number
  /** Loopback by default; the backend is not meant to face a network. */
  host?: string
  /** Persist to this folder; omitted = ephemeral (in memory). */
  dataDir?: string
  /** Free disk space below which writes are refused as "disk full" (default 48 MB). */
  diskReserveBytes?: number
  /** Seed for the simulator (deterministic traffic). */
  seed?: number
  /** Simulated changes per second; 0 = no traffic (the demo org is still seeded). */
  rate?: number
  /** Run the simulator as fast as possible instead of in real time (benchmarks). */
  fast?: boolean
  /** Seed the demo organisation and account (default true). */
  demo?: boolean
  /**
   * Hours of today's history backfilled into a newly seeded demo floor, so it opens mid-shift (default 0:
   * an empty floor; `npm run backend` and the console ask for 8).
   */
  historyHours?: number
  /** Open the simulated floor with incidents that make every demo alert rule fire within minutes. */
  opening?: boolean
  jwtSecret?: string
  /** Interval of the `tick` broadcast on every org's `floor:<orgId>` topic; 0 = no ticks. */
  tickIntervalMs?: number
  /** How often the alert rules are evaluated (public.floor_evaluate_alerts); 0 = never. */
  alertEvalIntervalMs?: number
  config?: Partial<Omit<BackendConfig, 'realtime'>> & { realtime?: Partial<BackendConfig['realtime']> }
  log?: Logger
}

export interface Backend {
  url: string
  anonKey: string
  serviceRoleKey: string
  demo: DemoAccount | null
  ctx: BackendContext
  simulator: Simulator | null
  /** The alert rules' scheduler, when it runs. */
  alerts: { runNow(): Promise<void> } | null
  /** The Realtime server: stats and fault injection (setUnresponsive, disconnectAll) for tests. */
  realtime: RealtimeServer
  stop(): Promise<void>
}

export async function startBackend(opts: BackendOptions = {}): Promise<Backend> {
  const log = opts.log ?? consoleLogger()
  const config: BackendConfig = {
    ...DEFAULT_CONFIG,
    ...opts.config,
    realtime: { ...DEFAULT_CONFIG.realtime, ...opts.config?.realtime },
  }
  const db = await Database.open({ dataDir: opts.dataDir, diskReserveBytes: opts.diskReserveBytes })
  const keys = await loadKeys(db, opts.jwtSecret)
  const ctx = createContext(db, keys, config, log)

  const router = new Router()
  router.on('GET', '/health', ({ res }) => {
    const disk = db.disk()
    if (disk?.full) return sendJson(res, 503, { status: 'disk full', message: disk.message })
    sendJson(res, 200, { status: 'ok' })
  })
  registerAuth(router, ctx)
  registerRest(router, ctx)
  const server: Server = createServer((req, res) => void router.handle(req, res))
  const realtime = attachRealtime(server, router, ctx)

  const demo =
    opts.demo === false
      ? null
      : await seedDemo(ctx, {
          seed: opts.seed ?? 1,
          historyHours: opts.historyHours ?? 0,
          speed: initialSpeed(opts.rate || 6),
        })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const simulator =
    demo && (opts.rate ?? 0) > 0
      ? startSimulator(ctx, {
          seed: opts.seed ?? 1,
          rate: opts.rate ?? 0,
          fast: opts.fast ?? false,
          orgId: demo.orgId,
          incidents: opts.opening ? DEMO_INCIDENTS : undefined,
        })
      : null

  const ticker = opts.tickIntervalMs === 0 ? null : startTicker(ctx, opts.tickIntervalMs ?? DEFAULT_TICK_MS)
  const evalMs = opts.alertEvalIntervalMs ?? DEFAULT_ALERT_EVAL_MS
  const alerts = evalMs === 0 ? null : startAlertScheduler(ctx, evalMs)

  let stopping: Promise<void> | null = null
  return {
    url: `http://127.0.0.1:${port}`,
    anonKey: keys.anonKey,
    serviceRoleKey: keys.serviceRoleKey,
    demo,
    ctx,
    simulator,
    alerts,
    realtime,
    stop: () =>
      (stopping ??= (async () => {
        await simulator?.stop()
        await ticker?.stop()
        await alerts?.stop()
        await realtime.close()
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
        await db.close()
      })()),
  }
}
