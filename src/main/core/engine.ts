// The floor engine: one Supabase connection turned into a true, live picture of the floor. It composes
// the feed (supabase-js), the live state and its resync, the relay to views, health and presence, and
// runs unchanged in Electron's main process and in plain Node (the headless console, tests).
import type { TimerHandle } from './clock'
import { FeedRestError } from './feed'
import type { WakeReason } from './health'
import type { ViewHandle, ViewSink } from './relay'
import { skewSample } from '../../shared/domain/server-time'
import { alertActionError, checkAlertAction } from './actions'
import { buildParts, type Parts } from './engine-parts'
import type { AlertActionInput, AlertActionResult, EngineOptions } from './engine-types'
import type { FloorEngine, HealthReport, Watcher } from './engine-types'
import { Listeners, watchersFrom } from './presence'
import { buildDiagnostics, buildReport, sourcesOf } from './report'
import type { OrgMembership, SessionInfo } from './session'
import { TABLE_NAMES } from '../../shared/domain/tables'
import type { LiveState } from './live'

export type * from './engine-types'

const HEALTH_EMIT_EVERY_MS = 5_000

/** Removes every row (as deltas, so views follow): the floor of another org or user must not linger. */
function clearLive(live: LiveState): void {
  live.batch(() => {
    for (const table of TABLE_NAMES) {
      for (const id of [...live.table(table).keys()]) live.applyOne({ type: 'remove', table, id })
    }
  })
}

export function createEngine(options: EngineOptions): FloorEngine {
  return new Engine(options)
}

class Engine implements FloorEngine {
  private readonly p: Parts
  private orgs: OrgMembership[] = []
  private orgId: string | null = null
  private watchers: Watcher[] = []
  private unreadable = 0
  private skewAt = 0
  private loggedState: HealthReport['state'] | null = null
  private readonly healthListeners = new Listeners<HealthReport>()
  private readonly presenceListeners = new Listeners<Watcher[]>()
  private readonly announcementListeners = new Listeners<unknown>()
  private started: Promise<void> | null = null
  private stopped = false
  private lastEmitAt = 0
  private liveWaiters: (() => void)[] = []

  constructor(private readonly o: EngineOptions) {
    this.p = buildParts(o, {
      changed: (periodic) => this.changed(periodic),
      merged: () => this.merged(),
      fail: (message) => this.fail(message),
      status: (status, reason) => this.onStatus(status, reason),
      unreadable: (what) => {
        this.unreadable++
        this.p.log.warn(`unreadable message skipped: ${what}`)
      },
      announcement: (payload) => this.announcementListeners.emit(payload),
      presence: (state) => {
        this.watchers = watchersFrom(state, this.p.instanceId)
        this.presenceListeners.emit(this.watchers)
      },
      catchUpOrg: () => this.orgId ?? '',
    })
  }

  get instanceId(): string {
    return this.p.instanceId
  }

  private onStatus(status: 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR', reason?: string): void {
    const topic = this.p.feed.topic
    if (topic === null || this.stopped) return
    if (status !== 'SUBSCRIBED') return this.p.connection.channelTrouble(status, reason)
    this.p.feed.registry.setStatus(topic, 'connected')
    this.p.connection.subscribed()
    this.p.driver.handle(this.p.sync.subscribed())
    this.changed()
  }

  private releaseWaiters(): void {
    for (const resolve of this.liveWaiters.splice(0)) resolve()
  }

  private merged(): void {
    if (this.p.driver.isPolling) this.p.monitor.polled()
    this.releaseWaiters()
    // Skew drifts slowly: re-measure after a resync at most once a minute (polls resync every 5 s).
    if (this.p.clock.now() - this.skewAt > 60_000) void this.sampleSkew(3)
    this.changed()
  }

  private fail(message: string): void {
    this.p.log.warn(message)
    this.p.monitor.error(message)
    this.changed()
  }

  private async sampleSkew(samples: number): Promise<void> {
    this.skewAt = this.p.clock.now()
    for (let i = 0; i < samples && !this.stopped; i++) {
      try {
        const s = await this.p.feed.serverTime()
        this.p.skew.add(skewSample(s.sentAt, s.receivedAt, s.serverMs))
      } catch {
        return // measured again after the next resync
      }
    }
  }

  start(): Promise<void> {
    return (this.started ??= this.begin())
  }

  private async begin(): Promise<void> {
    await this.p.feed.auth.start(this.o.credentials)
    this.p.monitor.start()
    if (this.p.feed.auth.user) return this.openFloor(this.o.orgId)
    this.p.monitor.signedOut = true // waits for signIn()
    this.changed()
  }

  /** Loads the memberships, opens `wanted` (default: the first org) and waits for the first resync. */
  private async openFloor(wanted?: string): Promise<void> {
    const user = this.p.feed.auth.user
    if (!user) throw new Error('Not signed in')
    this.p.monitor.signedOut = false
    this.p.metrics.setTokenExpiry(this.p.feed.auth.expiresAt)
    this.orgs = await this.p.feed.memberships(user.id)
    const orgId = wanted ?? this.orgs[0]?.id
    if (!orgId || !this.orgs.some((org) => org.id === orgId)) {
      throw new Error(
        orgId
          ? `${user.email} is not a member of organisation ${orgId}`
          : `${user.email} belongs to no organisation`,
      )
    }
    if (this.stopped) return
    this.orgId = orgId
    this.p.sync.subscribe()
    const since = new Date(this.p.clock.now()).toISOString()
    this.p.feed.open(orgId, { kind: this.o.kind ?? 'console', email: user.email, since })
    void this.sampleSkew(5)
    await this.settled(this.o.startTimeoutMs ?? 10_000)
    this.changed()
  }

  /** Leaves the org's channel and empties the floor (views receive the removes). */
  private async closeFloor(): Promise<void> {
    this.orgId = null
    await this.p.feed.close()
    this.p.driver.stopPolling()
    this.p.sync.unsubscribe()
    this.p.sync.requireFullSnapshot()
    clearLive(this.p.live)
    this.watchers = []
    this.presenceListeners.emit([])
  }

  /** Resolves at the next merged resync, or after `timeoutMs`. */
  private async settled(timeoutMs: number): Promise<void> {
    let timer: TimerHandle | undefined
    const live = new Promise<void>((resolve) => this.liveWaiters.push(resolve))
    const timeout = new Promise<void>((resolve) => (timer = this.p.clock.setTimeout(resolve, timeoutMs)))
    await Promise.race([live, timeout])
    this.p.clock.clearTimeout(timer)
  }

  async signIn(input: { email: string; password: string }): Promise<SessionInfo> {
    await this.start()
    if (this.orgId !== null) await this.closeFloor()
    await this.p.feed.auth.signIn(input)
    await this.openFloor()
    return this.session()
  }

  async signOut(): Promise<SessionInfo> {
    await this.start()
    // Channels go first: a channel left joined with a revoked token errors in a loop (supabase-js#2596).
    await this.closeFloor()
    await this.p.feed.auth.signOut()
    this.orgs = []
    this.p.monitor.signedOut = true
    this.changed()
    return this.session()
  }

  async switchOrg(orgId: string): Promise<SessionInfo> {
    await this.start()
    if (orgId === this.orgId) return this.session()
    if (!this.orgs.some((org) => org.id === orgId)) throw new Error(`Not a member of organisation ${orgId}`)
    await this.closeFloor()
    await this.openFloor(orgId)
    return this.session()
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.p.connection.stop()
    this.p.driver.stop()
    this.p.monitor.stop()
    this.p.relay.stop()
    this.p.sync.unsubscribe()
    this.releaseWaiters()
    await this.p.feed.stop()
    this.healthListeners.clear()
    this.presenceListeners.clear()
    this.announcementListeners.clear()
  }

  attachView(sink: ViewSink): ViewHandle {
    return this.p.relay.addView(sink)
  }

  health(): HealthReport {
    const { health } = this.p.monitor.evaluate()
    return buildReport(health, sourcesOf(this.p, this.o, this.orgId, this.unreadable))
  }

  /** Re-derives health; tells listeners when the state or reason changed, or periodically (metrics). */
  private changed(periodic = false): void {
    if (this.stopped || this.started === null) return
    const { changed } = this.p.monitor.evaluate()
    const now = this.p.clock.now()
    if (!changed && !(periodic && now - this.lastEmitAt >= HEALTH_EMIT_EVERY_MS)) return
    this.lastEmitAt = now
    const report = this.health()
    // The reason changes with every heartbeat RTT; the log wants transitions only.
    if (report.state !== this.loggedState) this.p.log.info(`health ${report.state}: ${report.reason}`)
    this.loggedState = report.state
    this.healthListeners.emit(report, (err) => this.p.log.error('health listener failed', err))
  }

  onHealth(listener: (h: HealthReport) => void): () => void {
    return this.healthListeners.add(listener)
  }

  presence(): Watcher[] {
    return [...this.watchers]
  }

  onPresence(listener: (w: Watcher[]) => void): () => void {
    return this.presenceListeners.add(listener)
  }

  onAnnouncement(listener: (payload: unknown) => void): () => void {
    return this.announcementListeners.add(listener)
  }

  session(): SessionInfo {
    return { user: this.p.feed.auth.user, orgs: this.orgs.map((org) => ({ ...org })), orgId: this.orgId }
  }

  async alertAction(input: AlertActionInput): Promise<AlertActionResult> {
    const invalid = checkAlertAction(input)
    if (invalid) return invalid
    try {
      await this.p.feed.alertAction(input)
      return { ok: true }
    } catch (err) {
      if (err instanceof FeedRestError) return alertActionError(err.detail)
      return alertActionError({ message: err instanceof Error ? err.message : String(err) })
    }
  }

  wake(reason: WakeReason): void {
    if (this.stopped || this.orgId === null) return
    if (reason === 'online') this.p.monitor.networkOnline = true
    this.p.connection.wake(reason).catch((err) => this.p.log.error('wake failed', err))
  }

  setNetworkOnline(online: boolean): void {
    this.p.monitor.networkOnline = online
    if (online) this.wake('online')
    else this.changed()
  }

  serverNow(): number {
    return this.p.skew.serverNow(this.p.clock.now())
  }

  diagnostics(): Record<string, unknown> {
    return buildDiagnostics({
      options: this.o,
      instanceId: this.p.instanceId,
      session: this.session(),
      health: this.health(),
      relay: this.p.relay.stats(),
      live: this.p.live,
      sync: this.p.sync,
      connection: {
        ...this.p.connection.counts,
        channelsOpened: this.p.feed.registry.opened,
        refreshes: this.p.feed.auth.refreshes,
      },
      log: this.p.log,
    })
  }
}
