// Keeps the one socket and the org's channel alive without ever looping: socket attempts back off with
// full jitter (ReconnectPolicy), fall back to REST polling after several failures and probe to return;
// a channel that keeps failing is replaced with backoff instead of rejoined forever; a token that
// expired (during sleep, or while the server was away) is refreshed before the next join.
import type { Clock, TimerHandle } from './clock'
import type { ReconnectPolicy } from './health'
import { fullJitter, type HealthMetrics, type ReconnectDecision, type WakeReason } from './health'
import type { StreamSync } from './live'
import type { Feed } from './feed'
import type { HealthMonitor } from './health-monitor'
import type { ResyncDriver } from './resync'

export interface ConnectionDeps {
  clock: Clock
  feed: () => Feed
  policy: ReconnectPolicy
  monitor: HealthMonitor
  metrics: HealthMetrics
  sync: StreamSync
  driver: ResyncDriver
  maxChannelErrors: number
  log: { info(m: string): void; warn(m: string): void }
  changed: () => void
}

/** Refresh when the token has less than this left (auth-js itself refreshes 90 s ahead). */
export const TOKEN_MARGIN_MS = 90_000
const MIN_RECONNECT_MS = 300
const CHANNEL_BASE_MS = 1_000
const CHANNEL_CAP_MS = 30_000
// Errors that are about the socket, which the socket's own backoff handles.
const SOCKET_REASONS = /heartbeat timeout|socket closed|transport failure/i
const TOKEN_REASONS = /token|jwt/i

export class ConnectionSupervisor {
  private nextDelayMs: number | null = null
  private attempts = 0
  private channelFailures = 0
  private resumeTimer: TimerHandle | undefined
  private stopped = false
  /** Consecutive channel errors and replacements, for diagnostics and tests. */
  readonly counts = { channelErrors: 0, replacements: 0, socketFailures: 0 }

  constructor(private readonly d: ConnectionDeps) {}

  /**
   * What the socket waits before its next attempt (asked by supabase-js, sometimes twice per failure).
   * Never below MIN_RECONNECT_MS: after a heartbeat timeout phoenix schedules the reconnect a second time
   * once the old socket has closed (~150 ms), and a reconnect quicker than that is torn down by it.
   */
  reconnectDelay(): number {
    const o = this.d.policy
    const delay = this.nextDelayMs ?? fullJitter(o.failedAttempts, 1_000, 30_000, Math.random)
    return Math.max(MIN_RECONNECT_MS, delay)
  }

  attempt(): void {
    if (this.attempts++ > 0) this.d.metrics.recordReconnect()
  }

  open(): void {
    this.d.monitor.socketOpen = true
    this.d.feed().registry.rejoining()
    this.d.changed()
  }

  close(code: number, reason: string): void {
    this.d.monitor.socketClosed()
    // No org open (signed out): supabase-js closes the idle socket on purpose.
    if (this.stopped || this.d.feed().topic === null) return
    this.counts.socketFailures++
    this.d.sync.lost()
    this.d.monitor.error(`connection closed (${code}${reason ? ` ${reason}` : ''})`)
    this.act(this.d.policy.websocketFailed())
    // The next join must not carry a token that expired while we were away.
    void this.d.feed().auth.ensureFresh(TOKEN_MARGIN_MS)
    this.d.changed()
  }

  private act(decision: ReconnectDecision): void {
    if (decision.action === 'retry-websocket') this.nextDelayMs = decision.delayMs
    else if (decision.action === 'probe-websocket') this.nextDelayMs = decision.delayMs
    else if (decision.action === 'start-polling') {
      this.nextDelayMs = decision.probeInMs
      this.d.log.warn('WebSocket unavailable after several attempts: polling over REST')
      this.d.driver.startPolling(decision.pollInMs)
    } else if (decision.action === 'stop-polling') {
      this.d.log.info('WebSocket is back: polling stopped')
      this.d.driver.stopPolling()
      this.nextDelayMs = null
    }
  }

  subscribed(): void {
    this.channelFailures = 0
    this.d.monitor.answered()
    this.act(this.d.policy.websocketConnected())
  }

  /** A channel status other than SUBSCRIBED. */
  channelTrouble(status: 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR', reason: string | undefined): void {
    const feed = this.d.feed()
    const topic = feed.topic
    if (topic === null || this.stopped) return
    this.d.sync.lost()
    const text = reason ?? status.toLowerCase().replace('_', ' ')
    if (status === 'CLOSED') {
      // The server closed the channel (token expired, permissions changed): supabase-js will not rejoin.
      feed.registry.setStatus(topic, 'disconnected', 'closed by the server')
      return this.replace('closed by the server')
    }
    const socketCaused = !this.d.monitor.socketOpen || SOCKET_REASONS.test(text)
    const entry = feed.registry.setStatus(topic, socketCaused ? 'disconnected' : 'error', text)
    if (socketCaused) return
    this.counts.channelErrors++
    this.d.monitor.error(`channel ${topic}: ${text}`)
    if (TOKEN_REASONS.test(text)) void feed.auth.ensureFresh(TOKEN_MARGIN_MS)
    if (entry && entry.errors >= this.d.maxChannelErrors) this.replace(text)
  }

  /** Lets go of the channel now and opens a fresh one after a jittered delay (token refreshed first). */
  private replace(reason: string): void {
    if (this.resumeTimer !== undefined) return
    const feed = this.d.feed()
    const delay =
      CHANNEL_BASE_MS + fullJitter(this.channelFailures++, CHANNEL_BASE_MS, CHANNEL_CAP_MS, Math.random)
    this.counts.replacements++
    this.d.log.warn(`channel ${feed.topic}: ${reason}; replacing it in ${delay} ms`)
    void feed.park(`${reason}; retrying`)
    this.resumeTimer = this.d.clock.setTimeout(() => void this.resumeNow(), delay)
  }

  private async resumeNow(): Promise<void> {
    this.d.clock.clearTimeout(this.resumeTimer)
    this.resumeTimer = undefined
    const feed = this.d.feed()
    await feed.auth.ensureFresh(TOKEN_MARGIN_MS)
    if (this.stopped) return
    this.d.sync.subscribe()
    feed.resume()
  }

  /** OS resume / unlock / network change: fresh token, then the socket and channel now. */
  async wake(reason: WakeReason): Promise<void> {
    const feed = this.d.feed()
    this.act(this.d.policy.wake(reason))
    this.d.log.info(`wake (${reason}): probing the connection`)
    await feed.auth.ensureFresh(TOKEN_MARGIN_MS)
    await feed.client.realtime.setAuth()
    if (this.stopped || feed.topic === null) return
    const entry = feed.registry.list()[0]
    // A channel that is not SUBSCRIBED on an open socket would wait out its rejoin backoff: redo it now.
    if (feed.hasChannel && entry?.status !== 'connected' && feed.socketOpen) await feed.park('resubscribing')
    if (!feed.hasChannel) await this.resumeNow()
    await feed.probe()
  }

  stop(): void {
    this.stopped = true
    this.d.clock.clearTimeout(this.resumeTimer)
  }
}
