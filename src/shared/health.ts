// What the engine reports about its connection, as plain data any view can render.
export type HealthState = 'CONNECTING' | 'LIVE' | 'DEGRADED' | 'STALE' | 'OFFLINE'

export interface SeriesPoint {
  t: number
  v: number
}

export interface Headroom {
  used: number
  limit: number
  /** used / limit, 0..1+ */
  ratio: number
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
  metrics: {
    heartbeatRttMs: { last: number | null; series: SeriesPoint[] }
    latencyMs: { last: number | null; p50: number | null; p99: number | null; series: SeriesPoint[] }
    eventsPerSecond: Record<string, number>
    totalEventsPerSecond: number
    reconnects: number
    lastEventAgeMs: number | null
    tokenExpiresInMs: number | null
    quota: { channels: Headroom; messagesPerSecond: Headroom }
  }
  channels: ChannelReport[]
  gaps: GapReport[]
  /** Server clock minus local clock, in ms. */
  skewMs: number | null
}

export interface Watcher {
  key: string
  kind: 'console' | 'wallboard'
  email: string | null
  since: string
}
