// What the engine reports about itself: the health report (state + the numbers behind it) and the support
// bundle's diagnostics. Neither ever contains a token.
import type { Clock } from './clock'
import type { Headroom, Health, HealthMetrics, Transport } from './health'
import type { GapEntry, LiveState, MalformedCount, StreamSync } from './live'
import type { GapReport as SharedGap } from '../../shared/health'
import type { ChannelEntry } from './feed'
import type { RelayStats } from './relay'
import type { SessionInfo } from './session'
import type { SkewEstimator } from '../../shared/domain/server-time'
import { TABLE_NAMES } from '../../shared/domain/tables'
import type { DeliveryMode, EngineLog, EngineOptions, HealthReport } from './engine-types'
import type { Parts } from './engine-parts'

export interface ReportSources {
  transport: Transport
  mode: DeliveryMode
  orgId: string | null
  sync: StreamSync
  metrics: HealthMetrics
  channels: ChannelEntry[]
  skew: SkewEstimator
  tokenExpiresAt: number | null
  malformed: Record<string, MalformedCount>
  tick: HealthReport['tick']
  now: number
}

const withRatio = (h: Headroom) => ({ ...h, ratio: h.limit > 0 ? h.used / h.limit : 0 })

/** The contract's gap list: per resynced table, what the last resync recovered and the running total. */
function gapList(gaps: Partial<Record<string, GapEntry>>): SharedGap[] {
  const out: SharedGap[] = []
  for (const [table, g] of Object.entries(gaps)) {
    if (!g || g.resyncs === 0) continue
    out.push({ table, missed: g.lastFull ? 0 : g.lastMissed, caughtUp: g.totalMissed, at: g.lastAt ?? 0 })
  }
  return out
}

/** The report's inputs from the engine's parts. */
export function sourcesOf(
  p: Parts,
  o: EngineOptions,
  orgId: string | null,
  unreadable: number,
): ReportSources {
  const malformed = p.live.malformed()
  if (unreadable > 0) malformed['(unreadable)'] = { count: unreadable, lastError: 'not a change message' }
  return {
    transport: p.policy.transport,
    mode: o.mode ?? 'postgres_changes',
    orgId,
    sync: p.sync,
    metrics: p.metrics,
    channels: p.feed.registry.list(),
    skew: p.skew,
    tokenExpiresAt: p.feed.auth.expiresAt,
    malformed,
    tick: p.monitor.tickState,
    now: p.clock.now(),
  }
}

export function buildReport(health: Health & { since: number }, s: ReportSources): HealthReport {
  const expiresAt = s.tokenExpiresAt === null ? null : s.tokenExpiresAt * 1000
  const metrics = s.metrics.snapshot()
  const gapDetail = s.sync.gaps.toJSON()
  return {
    state: health.state,
    reason: health.reason,
    since: health.since,
    transport: s.transport,
    mode: s.mode,
    orgId: s.orgId,
    sync: s.sync.state,
    metrics: {
      ...metrics,
      quota: {
        channels: withRatio(metrics.quota.channels),
        messagesPerSecond: withRatio(metrics.quota.messagesPerSecond),
      },
    },
    channels: s.channels.map((c) => ({
      topic: c.topic,
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
    })),
    gaps: gapList(gapDetail),
    gapDetail,
    skewMs: s.skew.measured ? s.skew.offsetMs : null,
    skew: {
      offsetMs: s.skew.offsetMs,
      uncertaintyMs: s.skew.measured ? s.skew.uncertaintyMs : null,
      measured: s.skew.measured,
    },
    token: { expiresAt, expiresInMs: expiresAt === null ? null : expiresAt - s.now },
    malformed: s.malformed,
    tick: s.tick,
  }
}

/** The engine's log, plus the last lines kept for the support bundle. */
export class RingLog implements EngineLog {
  private readonly lines: string[] = []

  constructor(
    private readonly sink: EngineLog | undefined,
    private readonly clock: Clock,
    private readonly max = 200,
  ) {}

  private keep(level: string, m: string): void {
    this.lines.push(`${new Date(this.clock.now()).toISOString()} ${level} ${m}`)
    if (this.lines.length > this.max) this.lines.shift()
  }

  info(m: string): void {
    this.keep('info', m)
    this.sink?.info(m)
  }

  warn(m: string): void {
    this.keep('warn', m)
    this.sink?.warn(m)
  }

  error(m: string, e?: unknown): void {
    this.keep('error', `${m}${e instanceof Error ? `: ${e.message}` : ''}`)
    this.sink?.error(m, e)
  }

  recent(): string[] {
    return [...this.lines]
  }
}

export interface DiagnosticsSources {
  options: EngineOptions
  instanceId: string
  session: SessionInfo
  health: HealthReport
  relay: RelayStats
  live: LiveState
  sync: StreamSync
  connection: Record<string, number>
  log: RingLog
}

export function buildDiagnostics(d: DiagnosticsSources): Record<string, unknown> {
  const o = d.options
  const tables = Object.fromEntries(
    TABLE_NAMES.map((t) => [
      t,
      { rows: d.live.table(t).size, hwm: d.live.hwm(t), tombstoneHwm: d.live.tombstoneHwm(t) },
    ]),
  )
  return {
    engine: {
      supabaseUrl: o.supabaseUrl,
      mode: o.mode ?? 'postgres_changes',
      kind: o.kind ?? 'console',
      instanceId: d.instanceId,
      heartbeatIntervalMs: o.heartbeatIntervalMs ?? 25_000,
      tickIntervalMs: o.tickIntervalMs ?? 5_000,
      unattended: o.credentials !== undefined,
    },
    session: { user: d.session.user, orgId: d.session.orgId, orgs: d.session.orgs },
    health: d.health,
    sync: { state: d.sync.state, buffered: d.sync.buffered },
    tables,
    relay: d.relay,
    connection: d.connection,
    listenerErrors: d.live.listenerErrors,
    log: d.log.recent(),
  }
}
