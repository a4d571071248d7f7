// The floor at a glance: per queue, today's figures in the queue's own zone and daily reset, against its
// target, and the day in quarter hours; agents by state. Figures recompute once per ticker second from a
// throttled copy of the calls and the quarter-hour rollups (the day's finished calls live only there); the
// trend charts every 15 s, which is plenty for quarter hours.
import { useMemo } from 'react'
import { AGENT_STATUSES, type Queue } from '../../../shared/domain/rows'
import { queueStats, type QueueStats } from '../../../shared/domain/queue-stats'
import { intradaySeries, type IntradayPoint } from '../../../shared/domain/intervals'
import { IntradayChart } from '../components/IntradayChart'
import { agentsByState, idleAgents } from '../../../shared/domain/agents'
import { formatDuration } from '../../../shared/domain/server-time'
import { Figure, type Level } from '../components/Figure'
import { Empty, Loading } from '../components/StateMessage'
import { StatusPill } from '../components/StatusPill'
import { clockTime, percent, zoneLabel } from '../lib/format'
import { useThrottled } from '../lib/throttle'
import { useServerNow } from '../lib/ticker'
import { useFw } from '../store/react'

const ABANDON_WARN = 5
const ABANDON_BAD = 10

function slLevel(s: QueueStats, q: Queue): Level {
  if (s.serviceLevelPercent === null) return 'none'
  if (s.meetsTarget) return 'ok'
  return s.serviceLevelPercent >= q.sla_target_percent - 10 ? 'warn' : 'bad'
}

function waitLevel(ms: number, q: Queue): Level {
  if (ms === 0) return 'none'
  return ms > q.sla_target_seconds * 2000 ? 'bad' : ms > q.sla_target_seconds * 1000 ? 'warn' : 'ok'
}

function abandonLevel(rate: number | null): Level {
  if (rate === null) return 'none'
  return rate >= ABANDON_BAD ? 'bad' : rate >= ABANDON_WARN ? 'warn' : 'ok'
}

const ms = (v: number | null) => (v === null ? '—' : formatDuration(v))

const TREND_EVERY_MS = 15_000

function QueueCard({
  queue,
  stats,
  trend,
}: {
  queue: Queue
  stats: QueueStats
  trend: readonly IntradayPoint[]
}) {
  return (
    <article className="card queue-card" aria-labelledby={`q-${queue.id}`}>
      <header className="card-header">
        <h3 id={`q-${queue.id}`}>{queue.name}</h3>
        <span className="muted" title={queue.time_zone}>
          Today since {clockTime(stats.periodStart, queue.time_zone).slice(0, 5)} {zoneLabel(queue.time_zone)}{' '}
          time
        </span>
      </header>
      <div className="figures">
        <Figure
          label="Service level"
          value={percent(stats.serviceLevelPercent)}
          level={slLevel(stats, queue)}
          levelText={stats.meetsTarget ? 'meets target' : 'below target'}
          detail={`target ${queue.sla_target_percent} % in ${queue.sla_target_seconds} s`}
        />
        <Figure label="Waiting" value={stats.waiting} />
        <Figure
          label="Longest wait"
          value={formatDuration(stats.longestWaitMs)}
          level={waitLevel(stats.longestWaitMs, queue)}
        />
        <Figure
          label="Abandoned"
          value={stats.abandoned}
          level={abandonLevel(stats.abandonRatePercent)}
          detail={`${percent(stats.abandonRatePercent)} of calls`}
        />
        <Figure label="Avg handle time" value={ms(stats.averageHandleTimeMs)} />
        <Figure label="Avg speed of answer" value={ms(stats.averageSpeedOfAnswerMs)} />
      </div>
      <IntradayChart queue={queue} points={trend} zone={queue.time_zone} />
    </article>
  )
}

export function FloorView() {
  const calls = useThrottled(
    useFw((s) => s.floor.tables.calls),
    500,
  )
  const intervals = useFw((s) => s.floor.tables.queue_intervals)
  const queues = useFw((s) => s.floor.tables.queues)
  const sessions = useFw((s) => s.floor.tables.agent_sessions)
  const loaded = useFw((s) => s.floor.loaded)
  const openAlerts = useFw(
    (s) => [...s.floor.tables.alerts.values()].filter((a) => a.status === 'open').length,
  )
  const now = useServerNow()
  const tick = Math.floor(now / 1000)
  const trendCalls = useThrottled(calls, TREND_EVERY_MS)
  const trendTick = Math.floor(now / TREND_EVERY_MS)
  const perQueue = useMemo(
    () =>
      [...queues.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((q) => ({
          queue: q,
          stats: queueStats(q, calls.values(), tick * 1000, { intervals: intervals.values() }),
        })),
    [queues, calls, intervals, tick],
  )
  const trends = useMemo(
    () =>
      new Map(
        [...queues.values()].map((q) => [
          q.id,
          intradaySeries(q, intervals.values(), trendCalls.values(), trendTick * TREND_EVERY_MS),
        ]),
      ),
    [queues, intervals, trendCalls, trendTick],
  )
  const byState = useMemo(() => agentsByState(sessions.values()), [sessions])
  const idle = useMemo(() => idleAgents(sessions.values(), tick * 1000).length, [sessions, tick])
  if (!loaded) return <Loading what="the floor" />
  if (queues.size === 0) return <Empty>No queues are set up for this organisation yet.</Empty>
  const waiting = perQueue.reduce((n, p) => n + p.stats.waiting, 0)
  const longest = perQueue.reduce((m, p) => Math.max(m, p.stats.longestWaitMs), 0)
  return (
    <section className="view view-floor" aria-labelledby="floor-title">
      <h2 id="floor-title" className="visually-hidden">
        Floor overview
      </h2>
      <div className="summary">
        <Figure label="Calls waiting" value={waiting} level={waiting > 20 ? 'warn' : 'none'} />
        <Figure label="Longest wait" value={formatDuration(longest)} />
        <Figure
          label="Open alerts"
          value={openAlerts}
          level={openAlerts > 0 ? 'bad' : 'ok'}
          levelText={openAlerts > 0 ? 'needs attention' : 'none open'}
        />
        <Figure
          label="Agents idle > 5 min"
          value={idle}
          level={idle > 0 ? 'warn' : 'ok'}
          levelText={idle > 0 ? 'check in' : 'none idle'}
        />
      </div>
      <article className="card agents-card" aria-labelledby="agents-by-state">
        <h3 id="agents-by-state">Agents by state</h3>
        <ul className="state-counts">
          {AGENT_STATUSES.map((st) => (
            <li key={st}>
              <StatusPill kind="agent" status={st} /> <span className="value count-value">{byState[st]}</span>
            </li>
          ))}
        </ul>
      </article>
      <div className="queue-grid">
        {perQueue.map((p) => (
          <QueueCard key={p.queue.id} queue={p.queue} stats={p.stats} trend={trends.get(p.queue.id) ?? []} />
        ))}
      </div>
    </section>
  )
}
