// Builds the engine's parts and wires them to each other: the live state and its resync, the relay,
// health, the reconnect policy and the feed. The engine (engine.ts) keeps the behaviour that spans them.
import { systemClock, type Clock } from './clock'
import { Feed, type FeedEvents } from './feed'
import { HealthMetrics, ReconnectPolicy } from './health'
import { LiveState, StreamSync } from './live'
import { Relay } from './relay'
import { SkewEstimator } from '../../shared/domain/server-time'
import { TABLE_NAMES } from '../../shared/domain/tables'
import { ConnectionSupervisor } from './connection'
import type { EngineOptions } from './engine-types'
import { HealthMonitor } from './health-monitor'
import { RingLog } from './report'
import { ResyncDriver } from './resync'
import { memorySessionStore } from './session'

/** What the engine itself handles of the parts' events. */
export interface PartsHost {
  changed(periodic?: boolean): void
  merged(): void
  fail(message: string): void
  status(status: 'SUBSCRIBED' | 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR', reason?: string): void
  unreadable(what: string): void
  announcement(payload: unknown): void
  presence(state: Record<string, readonly { kind?: unknown; email?: unknown; since?: unknown }[]>): void
  catchUpOrg(): string
}

export interface Parts {
  clock: Clock
  log: RingLog
  instanceId: string
  live: LiveState
  sync: StreamSync
  relay: Relay
  metrics: HealthMetrics
  policy: ReconnectPolicy
  skew: SkewEstimator
  monitor: HealthMonitor
  driver: ResyncDriver
  connection: ConnectionSupervisor
  feed: Feed
}

export function buildParts(o: EngineOptions, host: PartsHost): Parts {
  const clock = o.clock ?? systemClock
  const p = {
    clock,
    log: new RingLog(o.log, clock),
    live: new LiveState(),
    skew: new SkewEstimator(),
  } as Parts
  p.instanceId = o.instanceId ?? globalThis.crypto.randomUUID()
  p.policy = new ReconnectPolicy(o.reconnect)
  p.metrics = new HealthMetrics(clock)
  p.sync = new StreamSync(p.live, TABLE_NAMES, clock, {
    requireConfirmation: (o.mode ?? 'postgres_changes') === 'postgres_changes',
    onStateChange: (state) => {
      if (state === 'live') p.monitor.resynced()
      host.changed()
    },
  })
  p.relay = new Relay(p.live, clock, o.relay)
  p.monitor = buildMonitor(o, p, host)
  p.driver = buildDriver(o, p, host)
  p.connection = new ConnectionSupervisor({
    ...p,
    feed: () => p.feed,
    maxChannelErrors: o.maxChannelErrors ?? 3,
    changed: () => host.changed(),
  })
  p.feed = new Feed({
    supabaseUrl: o.supabaseUrl,
    anonKey: o.anonKey,
    sessionStore: o.sessionStore ?? memorySessionStore(),
    webSocket: o.webSocket,
    heartbeatIntervalMs: o.heartbeatIntervalMs ?? 25_000,
    mode: o.mode ?? 'postgres_changes',
    presenceKey: p.instanceId,
    now: () => clock.now(),
    reconnectDelay: () => p.connection.reconnectDelay(),
    events: feedEvents(p, host),
  })
  return p
}

function buildMonitor(o: EngineOptions, p: Parts, host: PartsHost): HealthMonitor {
  return new HealthMonitor(
    p.clock,
    {
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 25_000,
      tickIntervalMs: o.tickIntervalMs ?? 5_000,
      pollIntervalMs: o.reconnect?.pollIntervalMs ?? 5_000,
    },
    {
      transport: () => p.policy.transport,
      failedAttempts: () => p.policy.failedAttempts,
      channels: () => p.feed.registry.list().map((c) => ({ name: c.topic, ...c })),
      resyncDone: () => p.sync.state === 'live',
    },
    () => host.changed(true),
  )
}

function buildDriver(o: EngineOptions, p: Parts, host: PartsHost): ResyncDriver {
  const c = o.catchUp ?? {}
  const options = () => ({
    orgId: host.catchUpOrg(),
    pageSize: c.pageSize ?? 1000,
    overlapSeq: c.overlapSeq ?? 1000,
    concurrency: c.concurrency ?? 4,
  })
  return new ResyncDriver(
    p.sync,
    p.clock,
    {
      fetch: (request) => p.feed.catchUp(request, options()),
      merged: () => host.merged(),
      failed: (message) => host.fail(message),
    },
    (ok) => (ok ? p.policy.pollSucceeded() : p.policy.pollFailed()),
  )
}

function feedEvents(p: Parts, host: PartsHost): FeedEvents {
  return {
    attempt: () => p.connection.attempt(),
    open: () => p.connection.open(),
    close: (code, reason) => p.connection.close(code, reason),
    heartbeat: (status, latency) => {
      p.monitor.heartbeat(status, latency)
      if (status === 'ok' && latency !== undefined) p.metrics.recordHeartbeat(latency)
      if (status !== 'sent') host.changed()
    },
    session: () => p.metrics.setTokenExpiry(p.feed.auth.expiresAt),
    channels: () => {
      p.metrics.setChannelCount(p.feed.registry.size)
      host.changed()
    },
    change: (w) => {
      p.metrics.recordEvent(w.table, w.committedAt, p.skew.offsetMs)
      p.sync.receive(w.change)
    },
    unreadable: (what) => host.unreadable(what),
    status: (status, reason) => host.status(status, reason),
    system: (ok, message) => {
      if (ok) p.driver.handle(p.sync.confirmed())
      else host.fail(`change subscription failed: ${message}`)
    },
    tick: () => p.monitor.tick(),
    announcement: (payload) => host.announcement(payload),
    presence: (state) => host.presence(state),
  }
}
