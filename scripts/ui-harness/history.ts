// The harness floor's day so far, in the shape the database keeps it: each queue's quarter hours
// (queue_intervals) since the start of its day or eight hours back, with a rush in the middle, and each
// service's hourly and daily checks (monitor_rollups) for a month, with the odd outage.
import { periodStart } from '../../src/shared/domain/zone'
import { INTERVAL_MS, intervalStart } from '../../src/shared/domain/intervals'
import type { Floor, Upsert } from './floor'

const HOUR = 3600_000
const DAY = 24 * HOUR

export function seedHistory(f: Floor, upsert: Upsert): void {
  const now = f.now()
  f.queues.forEach((q, n) => {
    const from = Math.max(
      intervalStart(periodStart(now, q.time_zone, q.daily_reset_time)),
      intervalStart(now - 8 * HOUR),
    )
    const rush = from + (now - from) * (0.35 + 0.1 * n)
    for (let t = from; t < intervalStart(now); t += INTERVAL_MS) {
      const busy = Math.abs(t - rush) < 45 * 60_000
      const offered = Math.round(18 + f.rnd() * 14 + (busy ? 16 : 0))
      const abandoned = Math.round(offered * (busy ? 0.12 : 0.03) * f.rnd() * 2)
      const answered = offered - abandoned
      const within = Math.round(answered * (busy ? 0.6 + f.rnd() * 0.15 : 0.86 + f.rnd() * 0.12))
      upsert('queue_intervals', {
        ...f.base(),
        queue_id: q.id,
        interval_start: new Date(t).toISOString(),
        offered,
        answered,
        answered_within: Math.min(answered, within),
        abandoned,
        short_abandoned: Math.round(f.rnd() * 2),
        answer_ms: answered * Math.round((busy ? 28_000 : 9_000) * (0.7 + f.rnd() * 0.6)),
        handled: answered,
        handle_ms: answered * Math.round(180_000 * (0.8 + f.rnd() * 0.4)),
        wait_ms: Math.round(INTERVAL_MS * (busy ? 2.5 + f.rnd() * 2 : 0.3 + f.rnd() * 0.8)),
      })
    }
  })
  for (const [i, m] of f.monitors.entries()) {
    const perHour = Math.round(HOUR / (m.interval_seconds * 1000))
    const bucket = (span: 'hour' | 'day', t: number, checks: number, down: number) =>
      upsert('monitor_rollups', {
        ...f.base(),
        monitor_id: m.id,
        span,
        bucket_start: new Date(t).toISOString(),
        checks,
        down,
        degraded: Math.round(checks * 0.01 * f.rnd()),
        ping_ms_total: (checks - down) * (20 + i * 9),
        pinged: checks - down,
      })
    const thisHour = Math.floor(now / HOUR) * HOUR
    for (let h = 23; h >= 0; h--) {
      const checks = h === 0 ? Math.max(1, Math.round(((now - thisHour) / HOUR) * perHour)) : perHour
      const down = (i === 4 && h === 0) || (i === 2 && h === 6) ? Math.round(checks * 0.2) : 0
      bucket('hour', thisHour - h * HOUR, checks, down)
    }
    const today = Math.floor(now / DAY) * DAY
    for (let d = 29; d >= 0; d--) {
      const checks = d === 0 ? Math.max(1, Math.round(((now - today) / DAY) * perHour * 24)) : perHour * 24
      const down = (i + d) % 11 === 0 ? Math.round(3 + f.rnd() * 20) : 0
      bucket('day', today - d * DAY, checks, down)
    }
  }
}
