// Whoever starts the embedded backend supervises it: a backend that fails to start or dies is started
// again with backoff (full jitter, capped), on the same port where it can be, and the reason is reported
// so the console can show it. It never gives up; stop() is the only way out. How a process is launched
// (child_process from Node, utilityProcess from Electron) is the caller's: this file holds the policy.
import type { Clock, TimerHandle } from '../core/clock'
import { fullJitter } from '../core/health/backoff'
import type { BackendInfo } from './spawn'

export interface LaunchedBackend {
  info: BackendInfo
  /** Resolves when the process exits, with how and its last log line. */
  exited: Promise<{ code: number | null; signal: string | null; lastLog: string | null }>
  stop(): Promise<void>
}

export interface SupervisorOptions {
  /** Starts a backend; `port` is the one the previous run had (null the first time). */
  launch(port: number | null): Promise<LaunchedBackend>
  clock: Clock
  random?: () => number
  /** A backend answered: the first one, or one started again (the URL or keys may have changed). */
  onReady(info: BackendInfo, restarted: boolean): void
  /** The backend is down (did not start, or exited): why, and when the next attempt is. */
  onDown(reason: string, retryInMs: number): void
  log?: (message: string) => void
  baseMs?: number
  capMs?: number
  /** A run this long counts as healthy: the backoff starts over after it. */
  stableAfterMs?: number
}

export function describeExit(e: {
  code: number | null
  signal: string | null
  lastLog: string | null
}): string {
  const how = e.signal ? `was killed (${e.signal})` : `exited with code ${e.code}`
  return `The embedded backend ${how}${e.lastLog ? `: ${e.lastLog}` : ''}`
}

export class BackendSupervisor {
  private current: LaunchedBackend | null = null
  private failures = 0
  private port: number | null = null
  private timer: TimerHandle | undefined
  private stopped = false
  private firstReady: ((info: BackendInfo) => void) | null = null
  private lastInfo: BackendInfo | null = null
  restarts = 0

  constructor(private readonly o: SupervisorOptions) {}

  /** Resolves with the first backend that answers (retrying as long as it takes). */
  start(): Promise<BackendInfo> {
    return new Promise((resolve) => {
      this.firstReady = resolve
      void this.attempt()
    })
  }

  get info(): BackendInfo | null {
    return this.lastInfo
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return
    let launched: LaunchedBackend
    const startedAt = this.o.clock.now()
    try {
      launched = await this.o.launch(this.port)
    } catch (err) {
      // The old port may have been taken meanwhile: the next attempt takes any free one.
      if (/EADDRINUSE|in use/i.test(String(err))) this.port = null
      return this.retry(`The embedded backend did not start: ${firstLine(err)}`)
    }
    if (this.stopped) return void launched.stop()
    this.current = launched
    this.port = Number(new URL(launched.info.api_url).port) || this.port
    const restarted = this.lastInfo !== null
    this.lastInfo = launched.info
    if (restarted) this.restarts++
    this.o.onReady(launched.info, restarted)
    this.firstReady?.(launched.info)
    this.firstReady = null
    const exit = await launched.exited
    if (this.stopped || this.current !== launched) return
    this.current = null
    // A backend that ran a good while before dying starts the backoff over.
    if (this.o.clock.now() - startedAt >= (this.o.stableAfterMs ?? 60_000)) this.failures = 0
    this.retry(describeExit(exit))
  }

  private retry(reason: string): void {
    if (this.stopped) return
    const base = this.o.baseMs ?? 500
    const ms = base + fullJitter(this.failures++, base, this.o.capMs ?? 30_000, this.o.random ?? Math.random)
    this.o.log?.(`${reason}; starting it again in ${ms} ms`)
    this.o.onDown(reason, ms)
    this.o.clock.clearTimeout(this.timer)
    this.timer = this.o.clock.setTimeout(() => void this.attempt(), ms)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.o.clock.clearTimeout(this.timer)
    const current = this.current
    this.current = null
    await current?.stop()
  }
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.split('\n')[0] ?? text
}

/** What the supervisor tells the console it feeds. */
export interface SupervisedConsole {
  useProject(target: {
    url: string
    anonKey: string
    demo: boolean
    credentials?: { email: string; password: string }
  }): Promise<void>
  setBackendNote(note: string | null): void
  wake(reason: 'backend-restarted'): void
}

/**
 * A supervisor feeding `console`: the first backend (and any that comes back with another URL or keys)
 * becomes the console's project; one that comes back unchanged is probed at once instead of waiting out the
 * socket's backoff; while it is down, the console shows why.
 */
export function superviseInto(
  target: SupervisedConsole,
  o: Omit<SupervisorOptions, 'onReady' | 'onDown'> & { credentials?: { email: string; password: string } },
): BackendSupervisor {
  let last: BackendInfo | null = null
  return new BackendSupervisor({
    ...o,
    onReady: (info) => {
      target.setBackendNote(null)
      const moved = !last || last.api_url !== info.api_url || last.anon_key !== info.anon_key
      last = info
      if (!moved) return target.wake('backend-restarted')
      const credentials = o.credentials ?? info.demo ?? undefined
      void target.useProject({ url: info.api_url, anonKey: info.anon_key, demo: true, credentials })
    },
    onDown: (reason, ms) =>
      target.setBackendNote(`${reason}; starting it again in ${Math.ceil(ms / 1000)} s`),
  })
}
