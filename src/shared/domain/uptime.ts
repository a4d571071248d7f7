// Uptime of a monitored service over the last 24 hours and the last 30 days, from the hourly and daily
// rollups the database keeps of its checks (monitor_rollups), so neither needs the raw heartbeats. Uptime is
// the share of checks that found the service answering (degraded counts as up: it answered, slowly). A bucket
// with no check is unknown, never up or down: the strip shows it as a gap.
import type { MonitorRollup, RollupSpan } from './rows'
import { toMs } from './server-time'

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

export interface UptimeBucket {
  /** Start of the UTC hour or day. */
  t: number
  checks: number
  down: number
  degraded: number
  /** Null when nothing was checked in this bucket. */
  uptimePercent: number | null
  /** Mean ping of the checks that answered; null with none. */
  averagePingMs: number | null
}

export interface Uptime {
  /** Null when nothing was checked in the whole window. */
  percent: number | null
  checks: number
  down: number
  /** Oldest first; exactly `count` buckets, the last one the current (partial) hour or day. */
  buckets: UptimeBucket[]
}

function window(
  rollups: Iterable<MonitorRollup>,
  monitorId: string,
  span: RollupSpan,
  count: number,
  currentStart: number,
): Uptime {
  const step = span === 'hour' ? HOUR_MS : DAY_MS
  const first = currentStart - (count - 1) * step
  const byStart = new Map<number, MonitorRollup>()
  for (const r of rollups) {
    if (r.monitor_id !== monitorId || r.span !== span) continue
    const t = toMs(r.bucket_start)
    if (t >= first && t <= currentStart) byStart.set(t, r)
  }
  let checks = 0
  let down = 0
  const buckets: UptimeBucket[] = []
  for (let i = 0; i < count; i++) {
    const t = first + i * step
    const r = byStart.get(t)
    const c = Math.max(0, r?.checks ?? 0)
    const d = Math.min(c, Math.max(0, r?.down ?? 0))
    checks += c
    down += d
    buckets.push({
      t,
      checks: c,
      down: d,
      degraded: Math.max(0, r?.degraded ?? 0),
      uptimePercent: c > 0 ? ((c - d) / c) * 100 : null,
      averagePingMs: r && r.pinged > 0 ? r.ping_ms_total / r.pinged : null,
    })
  }
  return { percent: checks > 0 ? ((checks - down) / checks) * 100 : null, checks, down, buckets }
}

/** The current UTC hour and the 23 before it. */
export function uptime24h(rollups: Iterable<MonitorRollup>, monitorId: string, serverNowMs: number): Uptime {
  return window(rollups, monitorId, 'hour', 24, Math.floor(serverNowMs / HOUR_MS) * HOUR_MS)
}

/** The current UTC day and the 29 before it. */
export function uptime30d(rollups: Iterable<MonitorRollup>, monitorId: string, serverNowMs: number): Uptime {
  return window(rollups, monitorId, 'day', 30, Math.floor(serverNowMs / DAY_MS) * DAY_MS)
}
