// A queue's day in quarter hours (recharts SVG, CSP-safe): service level per quarter hour and for the day so
// far against the target, and calls waiting on average behind them. At most ~96 points whatever the traffic
// (the rollups are per quarter hour), so it costs the same at 17:00 as at 09:00.
import { memo, useMemo } from 'react'
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { INTERVAL_MS, type IntradayPoint } from '../../../shared/domain/intervals'
import { wallTime } from '../../../shared/domain/zone'
import type { Queue } from '../../../shared/domain/rows'
import { clockTime, percent } from '../lib/format'

interface Row {
  /** The middle of the quarter hour: a centred step then covers the whole quarter. */
  t: number
  sl: number | null
  day: number | null
  waiting: number
}

const LABELS: Record<string, string> = {
  sl: 'Service level (15 min)',
  day: 'Service level today',
  waiting: 'Calls waiting (avg)',
}

const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)))
const hhmm = (t: number, zone: string) => clockTime(t, zone).slice(0, 5)

const STEPS_H = [1, 2, 3, 4, 6]

/** Ticks on whole hours of `zone` (every 1–6 hours, at most six), so the axis reads 09:00, 11:00, 13:00. */
export function hourTicks(first: number, last: number, zone: string): number[] {
  const spanH = (last - first) / 3600_000
  const step = STEPS_H.find((h) => spanH / h <= 6) ?? 6
  const ticks: number[] = []
  for (let t = first; t <= last; t += INTERVAL_MS) {
    const w = wallTime(t, zone)
    if (w.minute === 0 && w.hour % step === 0) ticks.push(t)
  }
  return ticks
}

/** What the chart says, for the accessible name: the latest quarter hour and the day. */
export function describeDay(queue: Queue, points: readonly IntradayPoint[], zone: string): string {
  const last = points[points.length - 1]
  if (!last) return `${queue.name} today: no quarter hours yet`
  const lowest = points
    .filter((p) => p.serviceLevelPercent !== null)
    .reduce<IntradayPoint | null>(
      (low, p) => (!low || p.serviceLevelPercent! < low.serviceLevelPercent! ? p : low),
      null,
    )
  return [
    `${queue.name} today from ${hhmm(points[0]!.t, zone)}`,
    `service level today ${percent(last.cumulativeServiceLevelPercent)} (target ${queue.sla_target_percent} %)`,
    lowest
      ? `lowest ${percent(lowest.serviceLevelPercent)} at ${hhmm(lowest.t, zone)}`
      : 'no answered calls yet',
    `${last.averageWaiting.toFixed(1)} calls waiting on average since ${hhmm(last.t, zone)}`,
  ].join(', ')
}

/** The day from its first call: quarter hours before anyone called (a centre not yet open) are left out. */
function fromFirstCall(points: readonly IntradayPoint[]): readonly IntradayPoint[] {
  const first = points.findIndex((p) => p.offered > 0 || p.averageWaiting > 0)
  return first <= 0 ? points : points.slice(first)
}

export const IntradayChart = memo(function IntradayChart({
  queue,
  points: day,
  zone,
}: {
  queue: Queue
  points: readonly IntradayPoint[]
  /** The zone the times are shown in: the queue's own. */
  zone: string
}) {
  const points = useMemo(() => fromFirstCall(day), [day])
  const rows = useMemo<Row[]>(
    () =>
      points.map((p) => ({
        t: p.t + INTERVAL_MS / 2,
        sl: round(p.serviceLevelPercent, 1),
        day: round(p.cumulativeServiceLevelPercent, 1),
        waiting: Number(p.averageWaiting.toFixed(2)),
      })),
    [points],
  )
  const ticks = useMemo(
    () =>
      points.length > 0 ? hourTicks(points[0]!.t, points[points.length - 1]!.t + INTERVAL_MS, zone) : [],
    [points, zone],
  )
  if (!points.some((p) => p.offered > 0 || p.averageWaiting > 0))
    return <p className="muted chart-empty">No calls today yet.</p>
  return (
    <figure className="chart chart-intraday" aria-label={describeDay(queue, points, zone)}>
      <div className="chart-plot">
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 400, height: 150 }}>
          <ComposedChart data={rows} margin={{ top: 6, right: 0, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[points[0]!.t, points[points.length - 1]!.t + INTERVAL_MS]}
              ticks={ticks}
              tickFormatter={(t: number) => hhmm(t, zone)}
              stroke="var(--muted)"
              fontSize={11}
            />
            <YAxis
              yAxisId="sl"
              domain={[0, 100]}
              ticks={[0, 50, 100]}
              stroke="var(--muted)"
              fontSize={11}
              width={30}
            />
            <YAxis
              yAxisId="waiting"
              orientation="right"
              allowDecimals={false}
              stroke="var(--muted)"
              fontSize={11}
              width={24}
            />
            <Area
              yAxisId="waiting"
              type="step"
              dataKey="waiting"
              stroke="none"
              fill="var(--info)"
              fillOpacity={0.28}
              isAnimationActive={false}
            />
            <ReferenceLine
              yAxisId="sl"
              y={queue.sla_target_percent}
              stroke="var(--warning)"
              strokeDasharray="4 4"
            />
            <Line
              yAxisId="sl"
              type="step"
              dataKey="sl"
              stroke="var(--accent)"
              strokeWidth={1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Line
              yAxisId="sl"
              type="monotone"
              dataKey="day"
              stroke="var(--fg)"
              strokeWidth={2}
              strokeDasharray="6 3"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
            <Tooltip
              labelFormatter={(t) => {
                const start = Number(t) - INTERVAL_MS / 2
                return `${hhmm(start, zone)}–${hhmm(start + INTERVAL_MS, zone)}`
              }}
              formatter={(v, key) => [
                key === 'waiting' ? Number(v).toFixed(1) : percent(Number(v)),
                LABELS[String(key)] ?? String(key),
              ]}
              contentStyle={{
                background: 'var(--surface)',
                border: '1px solid var(--border)',
                color: 'var(--fg)',
              }}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption>
        <ul className="chart-legend">
          <li>
            <span className="swatch swatch-sl" aria-hidden="true" /> {LABELS.sl}
          </li>
          <li>
            <span className="swatch swatch-day" aria-hidden="true" /> {LABELS.day}
          </li>
          <li>
            <span className="swatch swatch-target" aria-hidden="true" /> target {queue.sla_target_percent} %
          </li>
          <li>
            <span className="swatch swatch-waiting" aria-hidden="true" /> {LABELS.waiting}
          </li>
        </ul>
      </figcaption>
    </figure>
  )
})
