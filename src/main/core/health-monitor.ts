// Health from real inputs: the socket as the feed observes it, heartbeats, channel statuses, the resync,
// the server tick and the polling fallback go into deriveHealth; the report adds metrics, gaps and skew.
import type { Clock, TimerHandle } from './clock'
import { deriveHealth, DEFAULT_THRESHOLDS, HealthTracker, type Health, type HealthInputs } from './health'
import type { ChannelStatus, Transport } from './health'

export interface MonitorSources {
  transport(): Transport
  failedAttempts(): number
  channels(): { name: string; status: ChannelStatus; reason?: string }[]
  resyncDone(): boolean
}

export interface MonitorOptions {
  heartbeatIntervalMs: number
  tickIntervalMs: number
  pollIntervalMs: number
}

export class HealthMonitor {
  socketOpen = false
  networkOnline = true
  /** No session: nothing to connect until someone signs in. */
  signedOut = false
  private awaitingSince: number | undefined
  private lastRttMs: number | undefined
  private timeouts = 0
  private lastError: { at: number; message: string } | undefined
  private tickSeen = false
  private tickAt: number | undefined
  private resyncAt: number | undefined
  private pollAt: number | undefined
  private readonly tracker = new HealthTracker()
  private timer: TimerHandle | undefined

  constructor(
    private readonly clock: Clock,
    private readonly o: MonitorOptions,
    private readonly sources: MonitorSources,
    private readonly onEvaluate: () => void,
  ) {}

  start(everyMs = 1_000): void {
    this.timer ??= this.clock.setInterval(() => this.onEvaluate(), everyMs)
  }

  stop(): void {
    this.clock.clearInterval(this.timer)
    this.timer = undefined
  }

  heartbeat(status: string, latencyMs?: number): void {
    const now = this.clock.now()
    if (status === 'sent') this.awaitingSince = now
    else if (status === 'ok') this.answered(latencyMs)
    else if (status === 'timeout') {
      this.awaitingSince = undefined
      this.timeouts++
      this.error('the server stopped answering heartbeats')
    } else if (status === 'error') this.awaitingSince = undefined
  }

  /** Any reply proves the server answers: a heartbeat ok, or a channel join. */
  answered(latencyMs?: number): void {
    this.awaitingSince = undefined
    this.timeouts = 0
    if (latencyMs !== undefined) this.lastRttMs = latencyMs
  }

  socketClosed(): void {
    this.socketOpen = false
    this.awaitingSince = undefined
  }

  error(message: string): void {
    this.lastError = { at: this.clock.now(), message }
  }

  tick(): void {
    this.tickSeen = true
    this.tickAt = this.clock.now()
  }

  /**
   * The stream merged its catch-up: it is whole again, so the errors that broke it (a closed socket, a
   * failed join) are history. Errors while live still count for the error window.
   */
  resynced(): void {
    this.resyncAt = this.clock.now()
    this.lastError = undefined
  }

  polled(): void {
    this.pollAt = this.clock.now()
  }

  get tickState(): { seen: boolean; lastAt: number | null; intervalMs: number } {
    return { seen: this.tickSeen, lastAt: this.tickAt ?? null, intervalMs: this.o.tickIntervalMs }
  }

  inputs(): HealthInputs {
    const s = this.sources
    const inputs: HealthInputs = {
      now: this.clock.now(),
      networkOnline: this.networkOnline,
      transport: s.transport(),
      socketOpen: this.socketOpen,
      failedAttempts: s.failedAttempts(),
      heartbeat: { intervalMs: this.o.heartbeatIntervalMs, timeouts: this.timeouts },
      channels: s.channels(),
      resync: { done: s.resyncDone() },
      // A real project may send no tick at all: staleness by tick applies once one was seen.
      tick: { intervalMs: this.tickSeen ? this.o.tickIntervalMs : 0 },
      polling: { intervalMs: this.o.pollIntervalMs },
    }
    if (this.lastError) inputs.lastError = this.lastError
    if (this.awaitingSince !== undefined) inputs.heartbeat.awaitingSince = this.awaitingSince
    if (this.lastRttMs !== undefined) inputs.heartbeat.lastRttMs = this.lastRttMs
    if (this.resyncAt !== undefined) inputs.resync.doneAt = this.resyncAt
    if (this.tickAt !== undefined) inputs.tick.lastAt = this.tickAt
    if (this.pollAt !== undefined && inputs.polling) inputs.polling.lastSuccessAt = this.pollAt
    return inputs
  }

  /** The current health and whether the state or reason changed since the last call. */
  evaluate(): { health: Health & { since: number }; changed: boolean } {
    const inputs = this.inputs()
    const before = this.tracker.health
    const { health } = this.tracker.update(this.derive(inputs), inputs.now)
    return { health, changed: before?.state !== health.state || before?.reason !== health.reason }
  }

  /**
   * deriveHealth, plus one case it cannot see: after heartbeat timeouts the client closes the socket to
   * reconnect, which alone reads as CONNECTING. The data is stale because the server stopped answering,
   * and the user should see that until a reply proves otherwise (or the attempts make it OFFLINE).
   */
  private derive(inputs: HealthInputs): Health {
    if (this.signedOut) return { state: 'OFFLINE', reason: 'Signed out' }
    const hung =
      this.timeouts > 0 &&
      !inputs.socketOpen &&
      inputs.networkOnline &&
      inputs.transport === 'websocket' &&
      inputs.failedAttempts < DEFAULT_THRESHOLDS.offlineAfterFailures
    if (!hung) return deriveHealth(inputs)
    const n = this.timeouts === 1 ? 'once' : `${this.timeouts} times`
    return { state: 'STALE', reason: `The server stopped answering (heartbeat timed out ${n}); reconnecting` }
  }
}
