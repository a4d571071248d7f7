// Monitor checks as hourly and daily rollups (the shape of public.monitor_rollups), for the backfill: the checks
// the simulated morning made, and before it a month of checks drawn from the seed (now and then an outage of a
// few minutes, a slow spell, pings around each service's baseline), so that uptime over 30 days has 30 days.
import type { SimMonitor } from './model'
import type { Rng } from './random'
import type { Row } from './sql'
import { iso } from './tick'

const HOUR_MS = 3600_000
const DAY_MS = 24 * HOUR_MS

interface Tally {
  checks: number
  down: number
  degraded: number
  pingTotal: number
  pinged: number
}

export interface Check {
  monitorId: string
  at: number
  status: 'up' | 'down' | 'degraded'
  pingMs: number | null
}

/** Sums of checks per (monitor, span, bucket), as the heartbeat trigger keeps them. */
export class RollupTally {
  private readonly buckets = new Map<string, { monitorId: string; span: string; start: number } & Tally>()

  constructor(
    /** Hourly buckets older than this are not kept (the console shows 24 hours). */
    private readonly hoursFrom: number,
    /** Daily buckets older than this are not kept (30 days). */
    private readonly daysFrom: number,
  ) {}

  add(monitorId: string, at: number, t: Tally): void {
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS
    const day = Math.floor(at / DAY_MS) * DAY_MS
    if (hour >= this.hoursFrom) this.bump(monitorId, 'hour', hour, t)
    if (day >= this.daysFrom) this.bump(monitorId, 'day', day, t)
  }

  addCheck(c: Check): void {
    this.add(c.monitorId, c.at, {
      checks: 1,
      down: c.status === 'down' ? 1 : 0,
      degraded: c.status === 'degraded' ? 1 : 0,
      pingTotal: c.pingMs ?? 0,
      pinged: c.pingMs === null ? 0 : 1,
    })
  }

  rows(orgId: string): Row[] {
    return [...this.buckets.values()]
      .sort(
        (a, b) => a.start - b.start || a.span.localeCompare(b.span) || a.monitorId.localeCompare(b.monitorId),
      )
      .map((b) => ({
        org_id: orgId,
        monitor_id: b.monitorId,
        span: b.span,
        bucket_start: iso(b.start),
        checks: b.checks,
        down: b.down,
        degraded: b.degraded,
        ping_ms_total: Math.round(b.pingTotal),
        pinged: b.pinged,
      }))
  }

  private bump(monitorId: string, span: string, start: number, t: Tally): void {
    const key = `${monitorId}/${span}/${start}`
    let b = this.buckets.get(key)
    if (!b) {
      b = { monitorId, span, start, checks: 0, down: 0, degraded: 0, pingTotal: 0, pinged: 0 }
      this.buckets.set(key, b)
    }
    b.checks += t.checks
    b.down += t.down
    b.degraded += t.degraded
    b.pingTotal += t.pingTotal
    b.pinged += t.pinged
  }
}

/** Per monitor and UTC day, maybe one outage: [start, end) in ms. */
function outages(rng: Rng, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    if (!rng.chance(0.12)) continue
    const start = day + rng.next() * DAY_MS
    out.push([start, start + Math.min(45 * 60_000, 2 * 60_000 + rng.exponential(8 * 60_000))])
  }
  return out
}

const overlap = (a: number, b: number, [c, d]: [number, number]) =>
  Math.max(0, Math.min(b, d) - Math.max(a, c))

/** Checks of [from, to) drawn from the seed, hour by hour, into `tally`. */
export function drawUptime(
  tally: RollupTally,
  monitors: SimMonitor[],
  rng: Rng,
  from: number,
  to: number,
): void {
  for (const m of monitors) {
    const down = outages(rng, from, to)
    for (let hour = Math.floor(from / HOUR_MS) * HOUR_MS; hour < to; hour += HOUR_MS) {
      const a = Math.max(hour, from)
      const b = Math.min(hour + HOUR_MS, to)
      const checks = Math.round((b - a) / m.intervalMs)
      if (checks <= 0) continue
      const failed = Math.min(
        checks,
        Math.round(down.reduce((s, o) => s + overlap(a, b, o), 0) / m.intervalMs),
      )
      const degraded = Math.min(checks - failed, Math.round(checks * 0.02 * rng.between(0, 2)))
      const normal = checks - failed - degraded
      const ping = m.baselinePingMs * rng.between(0.9, 1.15)
      tally.add(m.id, a, {
        checks,
        down: failed,
        degraded,
        pingTotal: normal * ping + degraded * ping * 6,
        pinged: normal + degraded,
      })
    }
  }
}
