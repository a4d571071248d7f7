// What the engine reports about its connection, as plain data any view can render.
import type { DataSource } from './domain/delta'
import type { Point } from './domain/series'

export type HealthState = 'CONNECTING' | 'LIVE' | 'DEGRADED' | 'STALE' | 'OFFLINE'

export type SeriesPoint = Point

export interface Headroom {
  used: number
  limit: number
  /** Share of the limit still free, 0–100. */
  headroomPercent: number
  /** used / limit, 0..1+ */
  ratio: number
}

/** The numbers behind the health state (src/main/core/health/metrics.ts computes them). */
export interface HealthMetricsReport {
  heartbeatRttMs: { last: number | null; series: SeriesPoint[] }
  /** Commit timestamp (server clock) to receipt (local clock + measured offset). */
  latencyMs: { last: number | null; p50: number | null; p99: number | null; series: SeriesPoint[] }
  eventsPerSecond: Record<string, number>
  totalEventsPerSecond: number
  reconnects: number
  lastEventAgeMs: number | null
  tokenExpiresInMs: number | null
  quota: { channels: Headroom; messagesPerSecond: Headroom }
}

export interface ChannelReport {
  topic: string
  status: 'connecting' | 'connected' | 'disconnected' | 'error'
  reason?: string
}

export interface GapReport {
  table: string
  missed: number
  caughtUp: number
  at: number
}

export interface HealthReport {
  state: HealthState
  /** Human-readable: why the state is what it is. */
  reason: string
  since: number
  transport: 'websocket' | 'polling'
  metrics: HealthMetricsReport
  channels: ChannelReport[]
  gaps: GapReport[]
  /** Server clock minus local clock, in ms. */
  skewMs: number | null
  /**
   * What the floor on screen is worth. `asOf` (local epoch ms) is the last moment the data was confirmed
   * current; while `live` is false, durations freeze there instead of counting on into a warning.
   */
  data: { source: DataSource; asOf: number | null; live: boolean }
}

export interface Watcher {
  key: string
  kind: 'console' | 'wallboard'
  email: string | null
  since: string
}
