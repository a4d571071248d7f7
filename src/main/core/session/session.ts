// One session: a project, a user and an org. It owns a feed (one supabase-js client), the pure machine's
// state and the merger of its catch-ups, and it is the runner: every feed event becomes a machine event,
// and every command the machine returns is carried out here (join, park, catch up, merge, refresh the
// token, probe the socket, timers). The console (../console.ts) replaces a session on connect, sign-in,
// sign-out and org switch; the live state and the relay outlive it.
import type { Clock, TimerHandle } from '../clock'
import type { HealthMetrics } from '../health'
import type { LiveState } from '../live'
import { Merger, type CatchUpRequest, type CatchUpResult } from '../live'
import type { Authenticated, FeedEvent, FeedEmit, PresenceMeta, PresenceScreen } from '../feed'
import { FeedAuthError } from '../feed'
import { skewSample, type SkewEstimator } from '../../../shared/domain/server-time'
import { TABLE_NAMES } from '../../../shared/domain/tables'
import { step } from './machine'
import type { Command, MachineConfig, MachineEvent, SessionState, TimerName } from './types'
import { initialState } from './types'
import type { SessionFeed } from './ports'

export interface SessionLog {
  info(m: string): void
  warn(m: string): void
  error(m: string, e?: unknown): void
}

export interface SessionOptions {
  createFeed(hooks: { emit: FeedEmit; reconnectDelay: () => number }): SessionFeed
  live: LiveState
  clock: Clock
  /** In [0, 1): seeds the machine's jitter. */
  random: () => number
  log: SessionLog
  config: Partial<MachineConfig>
  /** Sign in with these (unattended consoles, or the user's own sign-in). */
  credentials?: { email: string; password: string }
  /** Sign in with the credentials even when a saved session exists (an explicit sign-in). */
  forceSignIn?: boolean
  orgId?: string
  /** What this console is in the org's presence, and the screens it serves (a headless console's). */
  presence: { kind: PresenceMeta['kind']; screens?: () => PresenceScreen[] | undefined }
  catchUp: { pageSize: number; overlapSeq: number; concurrency: number }
  /** A cached floor in the live state: whose it is, when confirmed, whether its marks cover it. */
  resumeFrom?: { confirmedAt: number | null; incremental: boolean; orgId: string; userId: string } | null
  metrics: HealthMetrics
  skew: SkewEstimator
  /** `keepFloor` false: the floor held is another user's or org's and must go. */
  onAuthenticated(identity: Authenticated, keepFloor: boolean): void
  onPresence(state: Record<string, PresenceMeta[]>): void
  onAnnouncement(payload: unknown): void
  /** The machine state changed (health may have). */
  onChange(): void
}

export class Session {
  private current: SessionState
  readonly feed: SessionFeed
  readonly merger: Merger
  identity: Authenticated | null = null
  /** The sign-in outcome, for callers that wait for it (sign-in, start). */
  authError: FeedAuthError | null = null
  unreadable = 0
  /** CHANNEL_ERROR and TIMED_OUT statuses seen over the session's life, for diagnostics. */
  channelErrors = 0
  /** Channels let go of and scheduled for replacement, over the session's life. */
  replacements = 0
  private readonly authDone: Promise<void>
  private settleAuth: () => void = () => {}
  private readonly timers = new Map<TimerName, TimerHandle>()
  private readonly queue: MachineEvent[] = []
  private stepping = false
  private gapSince: number | null = null
  private readonly results = new Map<number, { request: CatchUpRequest; result: CatchUpResult }>()
  private channelOps: Promise<void> = Promise.resolve()
  private readonly waiters = new Set<() => void>()
  private startedAt = 0
  private closed: Promise<void> | null = null

  constructor(private readonly o: SessionOptions) {
    this.current = initialState({
      config: o.config,
      seed: Math.floor(o.random() * 2 ** 32),
      resumeFrom: o.resumeFrom ?? null,
    })
    this.merger = new Merger(o.live, TABLE_NAMES, o.clock)
    this.authDone = new Promise((resolve) => (this.settleAuth = resolve))
    this.feed = o.createFeed({
      emit: (event) => this.onFeed(event),
      reconnectDelay: () => this.current.socket.reconnectDelayMs,
    })
  }

  get state(): SessionState {
    return this.current
  }

  start(): void {
    this.startedAt = this.o.clock.now()
    this.dispatch({ type: 'start' })
  }

  /** Resolves when the first sign-in or restore has an outcome (see `identity` and `authError`). */
  authenticated(): Promise<void> {
    return this.authDone
  }

  /** Resolves when the session is live, signed out or failed to sign in, or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void> {
    if (this.isSettled()) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => {
        this.o.clock.clearTimeout(timer)
        this.waiters.delete(done)
        resolve()
      }
      const timer = this.o.clock.setTimeout(done, timeoutMs)
      this.waiters.add(done)
    })
  }

  private isSettled(): boolean {
    const s = this.current
    return s.stage === 'signed-out' || s.stage === 'stopped' || s.sync.live || s.transport === 'polling'
  }

  dispatch(event: MachineEvent): void {
    this.queue.push(event)
    if (this.stepping) return
    this.stepping = true
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        const { state, commands } = step(this.current, next, this.o.clock.now())
        this.current = state
        for (const command of commands) this.execute(command)
      }
    } finally {
      this.stepping = false
    }
    if (this.isSettled()) for (const w of [...this.waiters]) w()
    if (event.type !== 'change') this.o.onChange()
  }

  private execute(c: Command): void {
    switch (c.type) {
      case 'authenticate':
        return void this.authenticate()
      case 'open-channel':
        return this.channelOp(() => this.openChannel())
      case 'park-channel':
        return this.channelOp(() => this.feed.parkChannel())
      case 'hold':
        return this.merger.hold()
      case 'catch-up':
        // The last moment the floor was confirmed before this catch-up: the gap it closes starts there.
        this.gapSince = this.current.confirmedAt
        return void this.catchUp(c.attempt, c.full)
      case 'merge':
        return this.merge(c.attempt)
      case 'refresh-token':
        return void this.feed.auth
          .ensureFresh()
          .catch((err) => this.o.log.warn(`token refresh failed: ${String(err)}`))
      case 'probe-socket':
        return void this.feed.probe().catch((err) => this.o.log.warn(`probe failed: ${String(err)}`))
      case 'abort-socket':
        return this.feed.abortAttempt()
      case 'measure-skew':
        return void this.sampleSkew(5)
      case 'set-timer':
        if (c.name === 'channel-retry') this.replacements++
        return this.setTimer(c.name, c.ms)
      case 'clear-timer':
        return this.clearTimer(c.name)
      case 'log':
        return this.o.log[c.level](c.message)
      case 'close':
        return // stop() closes the feed and awaits it
    }
  }

  private onFeed(e: FeedEvent): void {
    switch (e.type) {
      case 'heartbeat':
        if (e.status === 'sent') return this.dispatch({ type: 'heartbeat-sent' })
        if (e.status === 'timeout') return this.dispatch({ type: 'heartbeat-timeout' })
        if (e.status !== 'ok') return
        if (e.rttMs !== undefined) this.o.metrics.recordHeartbeat(e.rttMs)
        return this.dispatch({ type: 'heartbeat-answered', rttMs: e.rttMs ?? null })
      case 'socket-attempt':
        if (this.current.socket.attempts > 0) this.o.metrics.recordReconnect()
        return this.dispatch(e)
      case 'change':
        this.o.metrics.recordEvent(e.change.table, e.change.committedAt, this.o.skew.offsetMs)
        if (!this.merger.receive(e.change.change)) this.dispatch({ type: 'buffer-overflow' })
        return this.dispatch({ type: 'change' })
      case 'tick':
        return this.dispatch({ type: 'tick' })
      case 'unreadable':
        this.unreadable++
        return this.o.log.warn(`unreadable message skipped: ${e.what}`)
      case 'announcement':
        return this.o.onAnnouncement(e.payload)
      case 'presence':
        return this.o.onPresence(e.state)
      case 'token':
        this.o.metrics.setTokenExpiry(e.expiresAt)
        return this.dispatch({ type: 'token-refreshed', tokenExpiresAt: e.expiresAt })
      case 'channel':
        if (e.status === 'CHANNEL_ERROR' || e.status === 'TIMED_OUT') this.channelErrors++
        return this.dispatch(e)
      default:
        return this.dispatch(e)
    }
  }

  private async authenticate(): Promise<void> {
    const { credentials, forceSignIn, orgId } = this.o
    try {
      const identity = await this.feed.authenticate(credentials, orgId, forceSignIn === true)
      if (this.current.stage === 'stopped') return
      if (!identity) return this.dispatch({ type: 'auth-missing' })
      this.identity = identity
      this.authError = null
      this.o.metrics.setTokenExpiry(identity.expiresAt)
      const r = this.o.resumeFrom
      const keepFloor = !r || (r.orgId === identity.orgId && r.userId === identity.user.id)
      this.o.onAuthenticated(identity, keepFloor)
      this.dispatch({ type: 'authenticated', tokenExpiresAt: identity.expiresAt, keepFloor })
    } catch (err) {
      const e = err instanceof FeedAuthError ? err : new FeedAuthError(String(err), true, 'network')
      this.authError = e
      this.dispatch({ type: 'auth-failed', message: e.message, retryable: e.retryable })
    } finally {
      this.settleAuth()
    }
  }

  /** Channel operations run one after another: a replacement must not overtake the leave before it. */
  private channelOp(op: () => Promise<void>): void {
    this.channelOps = this.channelOps
      .then(op)
      .catch((err: unknown) => this.o.log.warn(`channel operation failed: ${String(err)}`))
  }

  private async openChannel(): Promise<void> {
    const id = this.identity
    if (!id || this.current.stage !== 'running') return
    await this.feed.openChannel(id.orgId, () => this.presenceMeta(id))
  }

  private presenceMeta(id: Authenticated): PresenceMeta {
    const since = new Date(this.startedAt).toISOString()
    const screens = this.o.presence.screens?.()
    return { kind: this.o.presence.kind, email: id.user.email, since, ...(screens ? { screens } : {}) }
  }

  /** The screens this console serves changed: its presence on the org channel says so. */
  updatePresence(): void {
    const id = this.identity
    if (!id || this.current.stage !== 'running') return
    this.channelOp(() => this.feed.track(this.presenceMeta(id)))
  }

  private async catchUp(attempt: number, full: boolean): Promise<void> {
    const id = this.identity
    if (!id) return
    const request = this.merger.request(attempt, full)
    try {
      const result = await this.feed.catchUp(request, {
        orgId: id.orgId,
        ...this.o.catchUp,
        onPage: (rows) => this.dispatch({ type: 'snapshot-page', attempt, rows }),
      })
      if (this.current.sync.inFlight?.attempt !== attempt) return
      this.results.set(attempt, { request, result })
      this.dispatch({
        type: 'catch-up-done',
        attempt,
        horizonCrossed: (result.horizonCrossed?.length ?? 0) > 0,
        horizonPublished: result.horizonPublished ?? null,
      })
    } catch (err) {
      this.dispatch({
        type: 'catch-up-failed',
        attempt,
        message: err instanceof Error ? err.message : String(err),
      })
    }
  }

  private merge(attempt: number): void {
    const held = this.results.get(attempt)
    this.results.clear()
    const gapMs = this.gapSince === null ? undefined : this.o.clock.now() - this.gapSince
    if (held) this.merger.merge(held.request, held.result, gapMs)
  }

  private async sampleSkew(samples: number): Promise<void> {
    for (let i = 0; i < samples && this.current.stage === 'running'; i++) {
      try {
        const s = await this.feed.serverTime()
        this.o.skew.add(skewSample(s.sentAt, s.receivedAt, s.serverMs))
      } catch {
        return // measured again after the next resync
      }
    }
  }

  private setTimer(name: TimerName, ms: number): void {
    this.clearTimer(name)
    this.timers.set(
      name,
      this.o.clock.setTimeout(() => {
        this.timers.delete(name)
        this.dispatch({ type: 'timer', name })
      }, ms),
    )
  }

  private clearTimer(name: TimerName): void {
    const handle = this.timers.get(name)
    if (handle === undefined) return
    this.o.clock.clearTimeout(handle)
    this.timers.delete(name)
  }

  /** Ends the session: timers, the channel and the socket. The live state is the console's business. */
  stop(): Promise<void> {
    if (this.closed) return this.closed
    this.dispatch({ type: 'stop' })
    for (const name of [...this.timers.keys()]) this.clearTimer(name)
    this.merger.clear()
    for (const w of [...this.waiters]) w()
    this.settleAuth()
    this.closed = this.channelOps
      .then(() => this.feed.close())
      .catch((err: unknown) => {
        this.o.log.warn(`closing the session failed: ${String(err)}`)
      })
    return this.closed
  }
}
