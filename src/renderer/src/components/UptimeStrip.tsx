// Uptime as a strip of buckets, one per hour (24 h) or per day (30 d), oldest first: colour, a title and the
// words for screen readers say the same. A bucket with no check is a gap, never drawn as up.
import { memo } from 'react'
import type { Uptime, UptimeBucket } from '../../../shared/domain/uptime'
import { clockTime, percent } from '../lib/format'

export type UptimeLevel = 'none' | 'up' | 'partial' | 'down'

/** Whole; some checks failed (99 % or better); worse; nothing checked. */
export function uptimeLevel(b: UptimeBucket): UptimeLevel {
  if (b.uptimePercent === null) return 'none'
  if (b.down === 0) return 'up'
  return b.uptimePercent >= 99 ? 'partial' : 'down'
}

const DAY = new Map<string, Intl.DateTimeFormat>()
function dayLabel(ms: number, zone: string): string {
  let f = DAY.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short' })
    DAY.set(zone, f)
  }
  return f.format(ms)
}

function describe(b: UptimeBucket, span: 'hour' | 'day', zone: string): string {
  const when =
    span === 'hour'
      ? `${clockTime(b.t, zone).slice(0, 5)}–${clockTime(b.t + 3600_000, zone).slice(0, 5)}`
      : `${dayLabel(b.t, 'UTC')} (UTC)`
  if (b.uptimePercent === null) return `${when}: no checks`
  const failed = b.down === 0 ? 'none failed' : `${b.down} of ${b.checks} failed`
  return `${when}: ${percent(b.uptimePercent, 2)} up, ${failed}`
}

export const UptimeStrip = memo(function UptimeStrip({
  uptime,
  span,
  zone,
}: {
  uptime: Uptime
  span: 'hour' | 'day'
  zone: string
}) {
  const name = span === 'hour' ? 'Uptime by hour, last 24 hours' : 'Uptime by day, last 30 days'
  return (
    <div className="uptime">
      <ol className={`uptime-strip uptime-${span}`} aria-label={name}>
        {uptime.buckets.map((b) => {
          const text = describe(b, span, zone)
          return (
            <li key={b.t} className={`uptime-bucket uptime-${uptimeLevel(b)}`} title={text}>
              <span className="visually-hidden">{text}</span>
            </li>
          )
        })}
      </ol>
      <div className="uptime-scale muted" aria-hidden="true">
        <span>{span === 'hour' ? '24 h ago' : '30 days ago'}</span>
        <span>{span === 'hour' ? 'this hour' : 'today'}</span>
      </div>
    </div>
  )
})
