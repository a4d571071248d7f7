// A small time-series line chart (recharts SVG: no inline <style>, CSP-safe). Points are downsampled
// to a fixed bound by the shared pure function, so a chart costs the same after a week as after a minute.
import { memo, useMemo } from 'react'
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { downsample, withGaps, type Point } from '../../../shared/domain/series'
import { clockTime } from '../lib/format'

const MAX_POINTS = 120
const NO_GAPS: readonly number[] = []

export const TimeChart = memo(function TimeChart({
  points,
  gaps = NO_GAPS,
  label,
  unit,
  zone,
  small = false,
}: {
  points: readonly Point[]
  /** Times where the line breaks (a service down): drawn as gaps, never bridged. */
  gaps?: readonly number[]
  label: string
  unit: string
  zone: string
  /** A shorter chart, for cards. */
  small?: boolean
}) {
  const data = useMemo(() => downsample(points, MAX_POINTS), [points])
  const rows = useMemo(() => withGaps(data, gaps), [data, gaps])
  if (data.length === 0) return <p className="muted chart-empty">No {label.toLowerCase()} samples yet.</p>
  const last = data[data.length - 1]!
  return (
    <figure
      className={small ? 'chart chart-small' : 'chart'}
      aria-label={`${label} chart, latest ${Math.round(last.v)} ${unit}`}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 400, height: 160 }}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(t: number) => clockTime(t, zone)}
            stroke="var(--muted)"
            fontSize={11}
          />
          <YAxis stroke="var(--muted)" fontSize={11} width={44} unit={unit === 'ms' ? '' : ''} />
          <Tooltip
            labelFormatter={(t) => clockTime(Number(t), zone)}
            formatter={(v) => [`${Math.round(Number(v))} ${unit}`, label]}
            contentStyle={{
              background: 'var(--surface)',
              border: '1px solid var(--border)',
              color: 'var(--fg)',
            }}
          />
          <Line
            type="monotone"
            dataKey="v"
            stroke="var(--accent)"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {label} in {unit}, {data.length} points{gaps.length > 0 ? `, ${gaps.length} down` : ''}
      </figcaption>
    </figure>
  )
})
