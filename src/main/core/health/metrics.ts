// The numbers behind the health state, all bounded in memory: heartbeat RTT, commit→receipt latency,
// events per second per table, reconnects, age of the last event, token expiry and quota headroom.
import type { Clock } from '../clock'
import type { HealthMetricsReport, Headroom as SharedHeadroom } from '../../../shared/health'
import { RingBuffer, Series } from '../../../shared/domain/series'
import { RateWindow } from './rate'

export interface MetricsOptions {
  /** Points kept per series (RTT every 25 s × 120 ≈ 50 min). */
  seriesCapacity: number
  rateWindowMs: number
  /** Realtime's channels per connection (real server: 100). */
  channelLimit: number
  /**
   * The plan's Realtime messages per second (Free: 100). The plan counts the whole project; a console
   * sees only what it receives, so this headroom is an upper bound.
   */
  messagesPerSecondLimit: number
}

export const DEFAULT_METRICS_OPTIONS: MetricsOptions = {
  seriesCapacity: 120,
  rateWindowMs: 10_000,
  channelLimit: 100,
  messagesPerSecondLimit: 100,
}

/** Quota headroom as the metrics compute it; the report adds the ratio. */
export type Headroom = Omit<SharedHeadroom, 'ratio'>

export type MetricsSnapshot = Omit<HealthMetricsReport, 'quota'> & {
  quota: { channels: Headroom; messagesPerSecond: Headroom }
}

export class HealthMetrics {
  private readonly options: MetricsOptions
  private readonly rtt: Series
  private readonly latency: Series
  /** Recent latencies for the percentiles (more than the chart keeps). */
  private readonly latencies: RingBuffer<number>
  private readonly rates = new Map<string, RateWindow>()
  private readonly allEvents: RateWindow
  private reconnectCount = 0
  private lastEventAt: number | null = null
  private tokenExpiresAt: number | null = null
  private channels = 0

  constructor(
    private readonly clock: Clock,
    options: Partial<MetricsOptions> = {},
  ) {
    this.options = { ...DEFAULT_METRICS_OPTIONS, ...options }
    this.rtt = new Series(this.options.seriesCapacity)
    this.latency = new Series(this.options.seriesCapacity)
    this.latencies = new RingBuffer<number>(this.options.seriesCapacity * 10)
    this.allEvents = new RateWindow(this.options.rateWindowMs)
  }

  recordHeartbeat(rttMs: number): void {
    this.rtt.add(this.clock.now(), rttMs)
  }

  /**
   * One change received for `table`. `commitTimestamp` is the server's (Realtime's commit_timestamp);
   * `serverOffsetMs` turns local time into server time so the latency is not the clock skew.
   */
  recordEvent(table: string, commitTimestamp: string | null, serverOffsetMs = 0): void {
    const now = this.clock.now()
    this.lastEventAt = now
    this.allEvents.add(now)
    let rate = this.rates.get(table)
    if (!rate) this.rates.set(table, (rate = new RateWindow(this.options.rateWindowMs)))
    rate.add(now)
    const committed = commitTimestamp === null ? NaN : Date.parse(commitTimestamp)
    if (!Number.isFinite(committed)) return
    const latency = Math.max(0, now + serverOffsetMs - committed)
    this.latency.add(now, latency)
    this.latencies.push(latency)
  }

  recordReconnect(): void {
    this.reconnectCount++
  }

  /** `exp` claim of the access token in seconds, or null when signed out. */
  setTokenExpiry(expSeconds: number | null): void {
    this.tokenExpiresAt = expSeconds === null ? null : expSeconds * 1000
  }

  setChannelCount(count: number): void {
    this.channels = count
  }

  snapshot(): MetricsSnapshot {
    const now = this.clock.now()
    const eventsPerSecond: Record<string, number> = {}
    for (const [table, rate] of this.rates) eventsPerSecond[table] = rate.perSecond(now)
    const total = this.allEvents.perSecond(now)
    const recent = this.latencies.toArray()
    return {
      heartbeatRttMs: { last: this.rtt.last()?.v ?? null, series: this.rtt.points() },
      latencyMs: {
        last: this.latency.last()?.v ?? null,
        p50: percentile(recent, 50),
        p99: percentile(recent, 99),
        series: this.latency.points(),
      },
      eventsPerSecond,
      totalEventsPerSecond: total,
      reconnects: this.reconnectCount,
      lastEventAgeMs: this.lastEventAt === null ? null : now - this.lastEventAt,
      tokenExpiresInMs: this.tokenExpiresAt === null ? null : this.tokenExpiresAt - now,
      quota: {
        channels: headroom(this.channels, this.options.channelLimit),
        messagesPerSecond: headroom(total, this.options.messagesPerSecondLimit),
      },
    }
  }
}

function headroom(used: number, limit: number): Headroom {
  const free = limit > 0 ? Math.max(0, (1 - used / limit) * 100) : 0
  return { used, limit, headroomPercent: free }
}

/** Nearest-rank percentile; null for no samples. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] as number
}
