import { describe, expect, it } from 'vitest'
import { agentsByState, idleAgents } from '../../src/shared/domain/agents'
import { queueStats } from '../../src/shared/domain/queue-stats'
import { downsample, RingBuffer, Series, type Point } from '../../src/shared/domain/series'
import { callTimes, formatDuration, SkewEstimator, skewSample } from '../../src/shared/domain/server-time'
import { periodStart } from '../../src/shared/domain/zone'
import { callRow, queueRow, sessionRow, uid } from './support/rows'

const iso = (ms: number) => new Date(ms).toISOString()
const at = (s: string) => Date.parse(s)

describe('server time', () => {
  it('trusts the round trip with the smallest RTT for the clock offset', () => {
    const skew = new SkewEstimator()
    expect(skew.offsetMs).toBe(0)
    skew.add(skewSample(1_000, 1_100, 5_050)) // offset 4000 ± 50
    skew.add(skewSample(2_000, 2_400, 6_500)) // offset 4300 ± 200: slower, less trustworthy
    expect(skew.offsetMs).toBe(4_000)
    expect(skew.uncertaintyMs).toBe(50)
    expect(skew.serverNow(10_000)).toBe(14_000)
  })

  it('computes call durations on server time and never shows a negative span', () => {
    const queued = at('2026-11-21T09:00:00Z')
    const call = callRow({
      status: 'active',
      queued_at: iso(queued),
      answered_at: iso(queued + 15_000),
      status_changed_at: iso(queued + 15_000),
      hold_seconds: 12,
    })
    expect(callTimes(call, queued + 75_000)).toEqual({
      waitMs: 15_000,
      talkMs: 60_000,
      holdMs: 12_000,
      inStatusMs: 60_000,
    })
    // A console clock behind the server (uncorrected) would see the call start in the future.
    expect(callTimes(callRow({ queued_at: iso(queued) }), queued - 2_000).waitMs).toBe(0)
  })

  it('formats durations for tiles', () => {
    expect(formatDuration(65_000)).toBe('1:05')
    expect(formatDuration(3_725_000)).toBe('1:02:05')
  })
})

describe('the operational day in the queue time zone', () => {
  it('starts at the reset time in the zone, yesterday when that is still ahead', () => {
    expect(iso(periodStart(at('2026-11-21T10:00:00Z'), 'America/New_York', '06:00:00'))).toBe(
      '2026-11-20T11:00:00.000Z',
    )
    expect(iso(periodStart(at('2026-11-21T12:00:00Z'), 'America/New_York', '06:00:00'))).toBe(
      '2026-11-21T11:00:00.000Z',
    )
    expect(iso(periodStart(at('2026-07-01T10:00:00Z'), 'Europe/Berlin', '00:00'))).toBe(
      '2026-06-30T22:00:00.000Z',
    )
    expect(iso(periodStart(at('2026-01-01T00:00:00Z'), 'Asia/Kolkata', '00:00:00'))).toBe(
      '2025-12-31T18:30:00.000Z',
    )
  })

  it('handles the skipped and the repeated hour of daylight saving time', () => {
    // 2026-03-08 02:30 does not exist in New York: the day starts at 03:30 EDT.
    expect(iso(periodStart(at('2026-03-08T12:00:00Z'), 'America/New_York', '02:30:00'))).toBe(
      '2026-03-08T07:30:00.000Z',
    )
    // 2026-11-01 01:30 happens twice: the first (EDT) one.
    expect(iso(periodStart(at('2026-11-01T12:00:00Z'), 'America/New_York', '01:30:00'))).toBe(
      '2026-11-01T05:30:00.000Z',
    )
  })
})

describe('queue statistics', () => {
  const now = at('2026-11-21T12:00:00Z')
  const t = (secondsAgo: number) => iso(now - secondsAgo * 1000)
  let n = 1000
  const call = (over: Parameters<typeof callRow>[0]) => callRow({ id: uid(n++), ...over })
  const calls = [
    call({ status: 'completed', queued_at: t(600), answered_at: t(590), ended_at: t(490) }), // within target, 100 s
    call({ status: 'completed', queued_at: t(900), answered_at: t(870), ended_at: t(670) }), // 30 s: missed, 200 s
    call({ status: 'abandoned', queued_at: t(300), ended_at: t(240), status_changed_at: t(240) }), // abandoned
    call({ status: 'abandoned', queued_at: t(200), ended_at: t(197), status_changed_at: t(197) }), // short abandon
    call({ status: 'queued', queued_at: t(45) }), // waiting
    call({ status: 'completed', queued_at: '2026-11-20T23:59:00Z', answered_at: '2026-11-20T23:59:05Z' }), // yesterday
    call({ status: 'completed', direction: 'outbound', queued_at: t(100), answered_at: t(99) }),
    call({ status: 'completed', queue_id: uid(2), queued_at: t(100), answered_at: t(99) }),
    call({ status: 'failed', queued_at: t(100) }),
  ]

  it('computes service level, abandon rate, ASA and AHT by the documented definitions', () => {
    const stats = queueStats(queueRow(), calls, now)
    expect(stats).toMatchObject({
      periodStart: at('2026-11-21T00:00:00Z'),
      offered: 5,
      answered: 2,
      answeredWithinTarget: 1,
      abandoned: 1,
      shortAbandoned: 1,
      waiting: 1,
      longestWaitMs: 45_000,
      meetsTarget: false,
      averageSpeedOfAnswerMs: 20_000,
      averageHandleTimeMs: 150_000,
    })
    expect(stats.serviceLevelPercent).toBeCloseTo(100 / 3)
    expect(stats.abandonRatePercent).toBeCloseTo(100 / 3)
  })

  it('counts the short abandon when the threshold is lowered', () => {
    expect(queueStats(queueRow(), calls, now, 2).abandoned).toBe(2)
  })

  it('reports no ratio rather than 0 % or 100 % before any call concludes', () => {
    const stats = queueStats(queueRow(), [call({ status: 'queued', queued_at: t(5) })], now)
    expect(stats).toMatchObject({ serviceLevelPercent: null, abandonRatePercent: null, meetsTarget: null })
    expect(stats.averageSpeedOfAnswerMs).toBeNull()
  })
})

describe('agents', () => {
  const now = at('2026-11-21T12:00:00Z')
  const sessions = [
    sessionRow({ id: uid(1), agent_id: uid(10), status: 'offline', seq: 5 }),
    sessionRow({
      id: uid(2),
      agent_id: uid(10),
      status: 'available',
      seq: 9,
      last_seen_at: iso(now - 6 * 60_000),
    }),
    sessionRow({ id: uid(3), agent_id: uid(11), status: 'on_call', last_seen_at: iso(now - 10 * 60_000) }),
    sessionRow({ id: uid(4), agent_id: uid(12), status: 'available', last_seen_at: iso(now - 4 * 60_000) }),
  ]

  it('counts each agent once, by their latest session', () => {
    expect(agentsByState(sessions)).toEqual({ available: 2, on_call: 1, wrap_up: 0, break: 0, offline: 0 })
  })

  it('flags available agents without a heartbeat for more than 5 minutes, and only those', () => {
    expect(idleAgents(sessions, now).map((s) => s.id)).toEqual([uid(2)])
  })
})

describe('bounded series', () => {
  it('keeps the newest items of a ring buffer', () => {
    const ring = new RingBuffer<number>(3)
    for (let i = 1; i <= 5; i++) ring.push(i)
    expect(ring.toArray()).toEqual([3, 4, 5])
    expect(ring.last()).toBe(5)
    expect(ring.size).toBe(3)
  })

  it('downsamples to at most N points, keeping the ends and a spike', () => {
    const points: Point[] = Array.from({ length: 1000 }, (_, i) => ({ t: i, v: i === 500 ? 100 : 1 }))
    const out = downsample(points, 50)
    expect(out).toHaveLength(50)
    expect(out[0]).toEqual(points[0])
    expect(out.at(-1)).toEqual(points[999])
    expect(out.some((p) => p.v === 100)).toBe(true)
    expect(out.map((p) => p.t)).toEqual([...out.map((p) => p.t)].sort((a, b) => a - b))
    expect(downsample(points.slice(0, 10), 50)).toHaveLength(10)
  })

  it('bounds a series by capacity', () => {
    const s = new Series(10)
    for (let i = 0; i < 100; i++) s.add(i, i)
    expect(s.size).toBe(10)
    expect(s.points(5)).toHaveLength(5)
  })
})
