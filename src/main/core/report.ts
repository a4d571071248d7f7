// What the console reports about itself: the health report (the session's projected state plus the numbers
// behind it) and the support bundle's diagnostics. Neither ever contains a token.
import type { Clock } from './clock'
import type { Headroom, HealthMetrics } from './health'
import type { GapEntry, LiveState, Merger } from './live'
import type { GapReport as SharedGap, ChannelReport } from '../../shared/health'
import type { SkewEstimator } from '../../shared/domain/server-time'
import { TABLE_NAMES } from '../../shared/domain/tables'
import type { DeliveryMode, EngineLog, HealthReport } from './console-types'
import type { Health } from './session/health'
import type { SessionState } from './session/types'

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

/** The machine's channel as the contract's channel list (one entry: the org's channel). */
function channelsOf(s: SessionState | null, topic: string | null): ChannelReport[] {
  if (!s || !topic || s.channel.status === 'none') return []
  const status: ChannelReport['status'] =
    s.channel.status === 'joined'
      ? 'connected'
      : s.channel.status === 'joining'
        ? s.socket.open
          ? 'connecting'
          : 'disconnected'
        : 'error'
  return [{ topic, status, ...(s.channel.reason ? { reason: s.channel.reason } : {}) }]
}

function syncOf(s: SessionState | null): HealthReport['sync'] {
  if (!s || s.stage !== 'running') return 'idle'
  if (s.sync.live) return 'live'
  if (s.sync.inFlight) return 'catching-up'
  return 'subscribing'
}

export interface ReportInput {
  health: Health & { since: number }
  state: SessionState | null
  mode: DeliveryMode
  orgId: string | null
  topic: string | null
  metrics: HealthMetrics
  gaps: Merger['gaps'] | null
  skew: SkewEstimator
  live: LiveState
  unreadable: number
  tickIntervalMs: number
  data: HealthReport['data']
  now: number
}

export function buildReport(r: ReportInput): HealthReport {
  const s = r.state
  const expiresAt = s?.tokenExpiresAt == null ? null : s.tokenExpiresAt * 1000
  const metrics = r.metrics.snapshot()
  const gapDetail = r.gaps?.toJSON() ?? {}
  const malformed = r.live.malformed()
  if (r.unreadable > 0) malformed['(unreadable)'] = { count: r.unreadable, lastError: 'not a change message' }
  return {
    state: r.health.state,
    reason: r.health.reason,
    since: r.health.since,
    transport: s?.transport ?? 'websocket',
    mode: r.mode,
    orgId: r.orgId,
    sync: syncOf(s),
    metrics: {
      ...metrics,
      quota: {
        channels: withRatio(metrics.quota.channels),
        messagesPerSecond: withRatio(metrics.quota.messagesPerSecond),
      },
    },
    channels: channelsOf(s, r.topic),
    gaps: gapList(gapDetail),
    gapDetail,
    skewMs: r.skew.measured ? r.skew.offsetMs : null,
    skew: {
      offsetMs: r.skew.offsetMs,
      uncertaintyMs: r.skew.measured ? r.skew.uncertaintyMs : null,
      measured: r.skew.measured,
    },
    token: { expiresAt, expiresInMs: expiresAt === null ? null : expiresAt - r.now },
    malformed,
    tick: { seen: s?.tick.seen ?? false, lastAt: s?.tick.lastAt ?? null, intervalMs: r.tickIntervalMs },
    data: r.data,
  }
}

/** Remembers since when the state has held, for "STALE for 2 min" and to report transitions once. */
export class HealthTracker {
  private current: (Health & { since: number }) | null = null

  update(next: Health, now: number): { health: Health & { since: number }; changed: boolean } {
    const changed = this.current?.state !== next.state || this.current?.reason !== next.reason
    const since = this.current?.state !== next.state || !this.current ? now : this.current.since
    this.current = { ...next, since }
    return { health: this.current, changed }
  }

  get last(): (Health & { since: number }) | null {
    return this.current
  }
}

/** The console's log, plus the last lines kept for the support bundle. */
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

/** Per table: rows held and the marks a catch-up starts from. */
export function tableDiagnostics(live: LiveState): Record<string, unknown> {
  return Object.fromEntries(
    TABLE_NAMES.map((t) => [
      t,
      { rows: live.table(t).size, hwm: live.hwm(t), tombstoneHwm: live.tombstoneHwm(t) },
    ]),
  )
}
