// The console's day from the rollups: today's figures from quarter-hour rollups plus the calls in progress, the
// intraday series, and uptime over 24 hours and 30 days from hourly and daily rollups.
import { describe, expect, it } from 'vitest'
import { queueStats } from '../../src/shared/domain/queue-stats'
import { INTERVAL_MS, intervalStart, intradaySeries } from '../../src/shared/domain/intervals'
import { uptime24h, uptime30d } from '../../src/shared/domain/uptime'
import type { MonitorRollup, QueueInterval } from '../../src/shared/domain/rows'
import { callRow, NO_SUMS, queueRow, uid, validRows } from './support/rows'

const iso = (ms: number) => new Date(ms).toISOString()
const DAY0 = Date.parse('2030-01-07T00:00:00Z')
const H = 3600_000
const MIN = 60_000

function interval(startMs: number, over: Partial<QueueInterval> = {}): QueueInterval {
  return {
    ...validRows.queue_intervals,
    id: uid(2000 + startMs / INTERVAL_MS),
    interval_start: iso(startMs),
    ...NO_SUMS,
    ...over,
  }
}

describe('today from the rollups and the calls in progress', () => {
  const queue = queueRow({ sla_target_seconds: 20 })
  const now = DAY0 + 10 * H + 5 * MIN

  it('takes concluded calls from the rollups only, and everything else from the calls', () => {
    const intervals = [
      interval(DAY0 + 9 * H, {
        offered: 10,
        answered: 8,
        answered_within: 6,
        abandoned: 2,
        short_abandoned: 1,
      }),
      interval(DAY0 + 9 * H, { queue_id: uid(99), offered: 50, answered: 50 }), // another queue
      interval(DAY0 - INTERVAL_MS, { offered: 40, answered: 40 }), // yesterday
    ]
    Object.assign(intervals[0]!, { answer_ms: 80_000, handled: 8, handle_ms: 960_000 })
    const calls = [
      // Finished: already in the rollups, so not counted again.
      callRow({
        id: uid(1),
        status: 'completed',
        queued_at: iso(DAY0 + 9 * H),
        answered_at: iso(DAY0 + 9 * H),
      }),
      callRow({ id: uid(2), status: 'abandoned', queued_at: iso(DAY0 + 9 * H + MIN) }),
      // In progress: answered late, and one waiting for 90 s.
      callRow({
        id: uid(3),
        status: 'active',
        queued_at: iso(now - 2 * MIN),
        answered_at: iso(now - 2 * MIN + 40_000),
      }),
      callRow({ id: uid(4), status: 'queued', queued_at: iso(now - 90_000) }),
    ]
    const s = queueStats(queue, calls, now, { intervals })
    expect(s).toMatchObject({
      offered: 12,
      answered: 9,
      answeredWithinTarget: 6,
      abandoned: 2,
      shortAbandoned: 1,
      waiting: 1,
      longestWaitMs: 90_000,
      averageSpeedOfAnswerMs: 120_000 / 9,
      averageHandleTimeMs: 960_000 / 8,
    })
    expect(s.serviceLevelPercent).toBeCloseTo((6 / 11) * 100)
    // Without rollups the calls alone count, as before.
    expect(queueStats(queue, calls, now).offered).toBe(4)
  })

  it('counts the day from the quarter hour of a reset that is not on one', () => {
    const q = queueRow({ daily_reset_time: '06:10:00' })
    const rows = [interval(DAY0 + 6 * H, { offered: 3, answered: 3, answered_within: 3 })]
    const s = queueStats(q, [], DAY0 + 8 * H, { intervals: rows })
    expect(s.periodStart).toBe(DAY0 + 6 * H)
    expect(s.offered).toBe(3)
  })
})

describe('the intraday series', () => {
  const queue = queueRow({ sla_target_seconds: 20 })

  it('has one point per quarter hour of the day so far, the current one included', () => {
    const now = DAY0 + 2 * H + 20 * MIN
    const points = intradaySeries(queue, [], [], now)
    expect(points).toHaveLength(10)
    expect(points[0]!.t).toBe(DAY0)
    expect(points.at(-1)!.t).toBe(intervalStart(now))
    expect(points.every((p) => p.serviceLevelPercent === null && p.averageWaiting === 0)).toBe(true)
    // A whole day is 96 quarter hours at most.
    expect(intradaySeries(queue, [], [], DAY0 + 24 * H - 1)).toHaveLength(96)
  })

  it('gives each quarter hour its service level, the day’s so far, and its calls waiting on average', () => {
    const now = DAY0 + 45 * MIN + 5 * MIN // in the fourth quarter hour, five minutes in
    const intervals = [
      interval(DAY0, { offered: 4, answered: 4, answered_within: 4, wait_ms: 9 * MIN }),
      interval(DAY0 + INTERVAL_MS, {
        offered: 4,
        answered: 2,
        answered_within: 1,
        abandoned: 2,
        wait_ms: 30 * MIN,
      }),
    ]
    const calls = [
      // Waiting since 10 minutes before the end of the third quarter hour: its wait so far spans two.
      callRow({ id: uid(5), status: 'queued', queued_at: iso(DAY0 + 35 * MIN) }),
      // Answered in progress, queued in the third quarter hour, answered within target.
      callRow({
        id: uid(6),
        status: 'on_hold',
        queued_at: iso(DAY0 + 40 * MIN),
        answered_at: iso(DAY0 + 40 * MIN + 10_000),
      }),
      // Outbound and failed calls never count.
      callRow({ id: uid(7), status: 'queued', direction: 'outbound', queued_at: iso(DAY0 + 40 * MIN) }),
      callRow({ id: uid(8), status: 'failed', queued_at: iso(DAY0 + 40 * MIN) }),
    ]
    const points = intradaySeries(queue, intervals, calls, now)
    expect(points.map((p) => [p.offered, p.serviceLevelPercent, p.cumulativeServiceLevelPercent])).toEqual([
      [4, 100, 100],
      [4, 25, 62.5],
      [2, 100, (6 / 9) * 100],
      [0, null, (6 / 9) * 100],
    ])
    expect(points[0]!.averageWaiting).toBeCloseTo(9 / 15)
    expect(points[1]!.averageWaiting).toBeCloseTo(2)
    // 10 min of the waiting call and 10 s of the answered one in the third; 5 min so far in the fourth.
    expect(points[2]!.averageWaiting).toBeCloseTo((10 * MIN + 10_000) / INTERVAL_MS)
    expect(points[3]!.averageWaiting).toBeCloseTo(1)
  })

  it('follows the queue’s zone: a day in Kolkata starts at 18:30 UTC', () => {
    const q = queueRow({ time_zone: 'Asia/Kolkata' })
    const points = intradaySeries(q, [], [], Date.parse('2030-01-07T18:59:59Z'))
    expect(points.map((p) => iso(p.t))).toEqual(['2030-01-07T18:30:00.000Z', '2030-01-07T18:45:00.000Z'])
  })
})

describe('uptime over 24 hours and 30 days', () => {
  const m = uid(500)
  const rollup = (span: 'hour' | 'day', startMs: number, checks: number, down: number): MonitorRollup => ({
    ...validRows.monitor_rollups,
    id: uid(3000 + startMs / H),
    monitor_id: m,
    span,
    bucket_start: iso(startMs),
    checks,
    down,
    degraded: 0,
    ping_ms_total: (checks - down) * 20,
    pinged: checks - down,
  })
  const now = DAY0 + 5 * H + 30 * MIN

  it('sums the current hour and the 23 before it, and leaves hours without checks as gaps', () => {
    const rollups = [
      rollup('hour', DAY0 + 5 * H, 180, 0),
      rollup('hour', DAY0 + 4 * H, 360, 36),
      rollup('hour', DAY0 - 18 * H, 360, 0), // the oldest hour in the window
      rollup('hour', DAY0 - 19 * H, 360, 360), // one hour too old
      rollup('day', DAY0, 1000, 500), // days are not hours
      { ...rollup('hour', DAY0 + 3 * H, 360, 360), monitor_id: uid(501) }, // another monitor
    ]
    const u = uptime24h(rollups, m, now)
    expect(u.buckets).toHaveLength(24)
    expect(u.buckets[0]!.t).toBe(DAY0 - 18 * H)
    expect(u.buckets.at(-1)!.t).toBe(DAY0 + 5 * H)
    expect(u.checks).toBe(900)
    expect(u.down).toBe(36)
    expect(u.percent).toBeCloseTo(96)
    expect(u.buckets.at(-2)).toMatchObject({ checks: 360, down: 36, uptimePercent: 90, averagePingMs: 20 })
    expect(u.buckets.filter((b) => b.uptimePercent === null)).toHaveLength(21)
  })

  it('sums the current day and the 29 before it; nothing checked is unknown, not 100 %', () => {
    const rollups = [rollup('day', DAY0, 8640, 0), rollup('day', DAY0 - 29 * 24 * H, 8640, 864)]
    const u = uptime30d(rollups, m, now)
    expect(u.buckets).toHaveLength(30)
    expect(u.percent).toBeCloseTo(95)
    expect(uptime30d([], m, now).percent).toBeNull()
    // A bucket never claims more failures than checks (a correction in flight).
    expect(uptime30d([rollup('day', DAY0, 10, 12)], m, now).percent).toBe(0)
  })
})
