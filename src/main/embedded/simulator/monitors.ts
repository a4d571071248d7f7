// Monitored services: each is checked on its interval; a check is a heartbeats row and the monitor's
// latest status. A failing service (an incident) answers every check with a timeout.
//
// The interval is clock time, not world time: `interval_seconds` is what the Services view shows and what
// the alert evaluator counts missed checks against, so a faster or slower world (the rate controller) must
// not make a 5 s monitor check every 1.5 s, or every 12 s. An admin's edit of a monitor reaches the
// checker through `syncMonitors`, which the runner calls every few seconds.
import { toMonitor, type Floor, type MonitorRow, type SimMonitor } from './model'
import { iso, type Tick } from './tick'

const DEGRADED_CHANCE = 0.02
/** A slow service (an incident) answers in 1.2–3 s. */
const SLOW_PING_MS = [1200, 3000] as const

export function pingMonitors(floor: Floor, t: Tick): void {
  for (const monitor of floor.monitors) {
    if (t.now < monitor.nextPingAt) continue
    // After a pause (a stopped laptop, a slow tick) resume the schedule instead of catching up.
    monitor.nextPingAt = Math.max(monitor.nextPingAt, t.now - monitor.intervalMs) + monitor.intervalMs
    check(monitor, floor.orgId, t)
  }
}

/**
 * Brings the checked monitors in line with the database (`rows`: the ones not paused): a changed interval
 * applies from the last check, a paused or deleted monitor is no longer checked, a new one is checked now.
 */
export function syncMonitors(floor: Floor, rows: readonly MonitorRow[], now: number): void {
  const byId = new Map(floor.monitors.map((m) => [m.id, m]))
  floor.monitors = rows.map((r) => {
    const known = byId.get(r.id)
    if (!known) return toMonitor(r, now)
    const intervalMs = r.interval_seconds * 1000
    if (intervalMs !== known.intervalMs) {
      known.intervalMs = intervalMs
      known.nextPingAt = Math.min(known.nextPingAt, (known.lastCheckedAt ?? now) + intervalMs)
    }
    return known
  })
}

function check(monitor: SimMonitor, orgId: string, t: Tick): void {
  let status: 'up' | 'down' | 'degraded' = 'up'
  let ping: number | null = Math.max(1, Math.round(t.rng.skewed(monitor.baselinePingMs, 0.25)))
  let message: string | null = null
  if (monitor.failing) {
    status = 'down'
    ping = null
    message = 'Connection timed out'
  } else if (monitor.slow) {
    status = 'degraded'
    ping = Math.round(t.rng.between(SLOW_PING_MS[0], SLOW_PING_MS[1]))
    message = 'Slow response'
  } else if (t.rng.chance(DEGRADED_CHANCE)) {
    status = 'degraded'
    ping = Math.round(ping * t.rng.between(4, 8))
    message = 'Slow response'
  }
  t.changes.heartbeats.push({
    id: t.rng.uuid(),
    org_id: orgId,
    monitor_id: monitor.id,
    status,
    ping_ms: ping,
    message,
    checked_at: iso(t.now),
  })
  monitor.status = status
  monitor.lastPingMs = ping
  monitor.lastCheckedAt = t.now
  t.changes.monitors.add(monitor)
}
