// Monitored services: status, uptime over 24 hours and 30 days (from the hourly and daily rollups the database
// keeps of the checks, so neither needs a month of heartbeats), recent heartbeats and ping, with down periods
// drawn as gaps.
import { useMemo } from 'react'
import { cadenceWords, checkCadence } from '../../../shared/domain/check-cadence'
import type { Heartbeat, Monitor, MonitorRollup } from '../../../shared/domain/rows'
import { uptime24h, uptime30d, type Uptime } from '../../../shared/domain/uptime'
import { StatusPill } from '../components/StatusPill'
import { Empty, Loading } from '../components/StateMessage'
import { TimeChart } from '../components/TimeChart'
import { UptimeStrip } from '../components/UptimeStrip'
import { age, clockTime, localZone, percent, zoneLabel } from '../lib/format'
import { useServerNow } from '../lib/ticker'
import { useFw } from '../store/react'

const BEATS_SHOWN = 60
const UPTIME_EVERY_MS = 30_000
const NO_ROLLUPS: readonly MonitorRollup[] = []

function UptimeFigure({ label, uptime }: { label: string; uptime: Uptime }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value value">{percent(uptime.percent, 2)}</div>
      <div className="figure-detail">
        {uptime.checks === 0
          ? 'no checks'
          : `${uptime.down.toLocaleString('en')} of ${uptime.checks.toLocaleString('en')} checks failed`}
      </div>
    </div>
  )
}

/**
 * Said only when the checks that arrive disagree with "every N s": a checker running slow or fast, or one
 * that stopped. Judged on server time, from the heartbeats this console holds.
 */
function CadenceNote({ monitor, beats }: { monitor: Monitor; beats: readonly Heartbeat[] }) {
  const now = useServerNow()
  // Missing checks are news only while the feed is live: otherwise it is this console that hears nothing.
  const live = useFw((s) => s.connection.health?.state === 'LIVE')
  const checkedAt = useMemo(() => beats.map((b) => b.checked_at), [beats])
  if (monitor.status === 'paused') return null
  const c = checkCadence({ intervalSeconds: monitor.interval_seconds, checkedAt, now })
  if (c.overdue && live) {
    const last = Date.parse(checkedAt.reduce((a, b) => (a > b ? a : b)))
    return (
      <p className="cadence-note" data-cadence="overdue">
        Last check {age(now - last)}: the checker may have stopped.
      </p>
    )
  }
  if (!c.mismatch || c.observedMs === null) return null
  return (
    <p className="cadence-note" data-cadence="mismatch">
      Checks are arriving every {cadenceWords(c.observedMs)}, not every {monitor.interval_seconds} s.
    </p>
  )
}

function MonitorCard({
  monitor,
  beats,
  rollups,
  nowMs,
  zone,
}: {
  monitor: Monitor
  beats: readonly Heartbeat[]
  rollups: readonly MonitorRollup[]
  nowMs: number
  zone: string
}) {
  const recent = useMemo(() => beats.slice(-BEATS_SHOWN), [beats])
  const day = useMemo(() => uptime24h(rollups, monitor.id, nowMs), [rollups, monitor.id, nowMs])
  const month = useMemo(() => uptime30d(rollups, monitor.id, nowMs), [rollups, monitor.id, nowMs])
  const points = useMemo(
    () =>
      recent
        .filter((b) => b.ping_ms !== null)
        .map((b) => ({ t: Date.parse(b.checked_at), v: b.ping_ms as number })),
    [recent],
  )
  // Checks that found it down (or got no ping): the chart breaks there instead of bridging the outage.
  const down = useMemo(
    () =>
      recent.filter((b) => b.status === 'down' || b.ping_ms === null).map((b) => Date.parse(b.checked_at)),
    [recent],
  )
  return (
    <article className={`card monitor-card monitor-${monitor.status}`} aria-labelledby={`m-${monitor.id}`}>
      <header className="card-header">
        <h3 id={`m-${monitor.id}`}>{monitor.name}</h3>
        <StatusPill kind="monitor" status={monitor.status} />
      </header>
      <p className="muted">
        {monitor.kind.toUpperCase()} · {monitor.target} · every {monitor.interval_seconds} s
      </p>
      <CadenceNote monitor={monitor} beats={beats} />
      <div className="figures figures-2">
        <UptimeFigure label="Uptime 24 h" uptime={day} />
        <UptimeFigure label="Uptime 30 d" uptime={month} />
        <div className="figure">
          <div className="figure-label">Ping</div>
          <div className="figure-value value">
            {monitor.last_ping_ms === null ? '—' : `${monitor.last_ping_ms} ms`}
          </div>
        </div>
        <div className="figure">
          <div className="figure-label">Last check</div>
          <div className="figure-value value">
            {monitor.last_checked_at ? clockTime(monitor.last_checked_at, zone) : '—'}
          </div>
          <div className="figure-detail">{zoneLabel(zone)} time</div>
        </div>
      </div>
      <UptimeStrip uptime={day} span="hour" zone={zone} />
      <UptimeStrip uptime={month} span="day" zone={zone} />
      <ol className="beats" aria-label={`Last ${recent.length} heartbeats`}>
        {recent.map((b) => (
          <li
            key={b.id}
            className={`beat beat-${b.status}`}
            title={`${clockTime(b.checked_at, zone)} ${b.status}${b.message ? `: ${b.message}` : ''}`}
          >
            <span className="visually-hidden">{b.status}</span>
          </li>
        ))}
      </ol>
      <TimeChart points={points} gaps={down} label="Ping" unit="ms" zone={zone} small />
    </article>
  )
}

export function ServicesView() {
  const monitors = useFw((s) => s.floor.tables.monitors)
  const heartbeats = useFw((s) => s.floor.tables.heartbeats)
  const rollupRows = useFw((s) => s.floor.tables.monitor_rollups)
  const nowMs = Math.floor(useServerNow() / UPTIME_EVERY_MS) * UPTIME_EVERY_MS
  const loaded = useFw((s) => s.floor.loaded)
  const zone = localZone()
  const byMonitor = useMemo(() => {
    const m = new Map<string, Heartbeat[]>()
    for (const b of heartbeats.values()) {
      const list = m.get(b.monitor_id)
      if (list) list.push(b)
      else m.set(b.monitor_id, [b])
    }
    for (const list of m.values()) list.sort((a, b) => a.checked_at.localeCompare(b.checked_at))
    return m
  }, [heartbeats])
  const rollups = useMemo(() => {
    const m = new Map<string, MonitorRollup[]>()
    for (const r of rollupRows.values()) {
      const list = m.get(r.monitor_id)
      if (list) list.push(r)
      else m.set(r.monitor_id, [r])
    }
    return m
  }, [rollupRows])
  const list = useMemo(() => [...monitors.values()].sort((a, b) => a.name.localeCompare(b.name)), [monitors])
  if (!loaded) return <Loading what="services" />
  return (
    <section className="view view-services" aria-labelledby="services-title">
      <h2 id="services-title">Services</h2>
      {list.length === 0 ? (
        <Empty>No services are monitored yet.</Empty>
      ) : (
        <div className="monitor-grid">
          {list.map((m) => (
            <MonitorCard
              key={m.id}
              monitor={m}
              beats={byMonitor.get(m.id) ?? []}
              rollups={rollups.get(m.id) ?? NO_ROLLUPS}
              nowMs={nowMs}
              zone={zone}
            />
          ))}
        </div>
      )}
    </section>
  )
}
