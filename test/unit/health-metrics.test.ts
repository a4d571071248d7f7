import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import { HealthMetrics, percentile } from '../../src/main/core/health/metrics'
import { RateWindow } from '../../src/main/core/health/rate'

describe('health metrics', () => {
  it('keeps a bounded heartbeat RTT series', () => {
    const clock = new ManualClock()
    const m = new HealthMetrics(clock, { seriesCapacity: 5 })
    for (let i = 1; i <= 8; i++) {
      m.recordHeartbeat(i * 10)
      clock.advance(25_000)
    }
    const rtt = m.snapshot().heartbeatRttMs
    expect(rtt.last).toBe(80)
    expect(rtt.series.map((p) => p.v)).toEqual([40, 50, 60, 70, 80])
  })

  it('measures commit-to-receipt latency on server time, so clock skew is not latency', () => {
    const clock = new ManualClock(Date.parse('2026-11-21T09:00:00.000Z'))
    const m = new HealthMetrics(clock)
    // The console's clock is 3 s behind the server: server now = local + 3000.
    m.recordEvent('calls', '2026-11-21T09:00:02.960Z', 3_000)
    expect(m.snapshot().latencyMs.last).toBe(40)
    m.recordEvent('calls', null)
    expect(m.snapshot().latencyMs.series).toHaveLength(1)
  })

  it('reports events per second per table over a sliding window', () => {
    const clock = new ManualClock(0)
    const m = new HealthMetrics(clock, { rateWindowMs: 10_000 })
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 20; i++) m.recordEvent('calls', null)
      for (let i = 0; i < 5; i++) m.recordEvent('alerts', null)
      clock.advance(1_000)
    }
    clock.jump(-1) // back inside the last bucket written
    expect(m.snapshot().eventsPerSecond).toEqual({ calls: 20, alerts: 5 })
    expect(m.snapshot().totalEventsPerSecond).toBe(25)
    clock.advance(11_000)
    expect(m.snapshot().eventsPerSecond).toEqual({ calls: 0, alerts: 0 })
  })

  it('reports reconnects, last event age, token expiry countdown and quota headroom', () => {
    const clock = new ManualClock(1_000_000)
    const m = new HealthMetrics(clock, { messagesPerSecondLimit: 100, rateWindowMs: 1_000 })
    expect(m.snapshot()).toMatchObject({ reconnects: 0, lastEventAgeMs: null, tokenExpiresInMs: null })
    m.recordReconnect()
    m.recordReconnect()
    for (let i = 0; i < 25; i++) m.recordEvent('calls', null)
    m.setChannelCount(3)
    m.setTokenExpiry(1_000 + 3_600)
    clock.advance(500)
    expect(m.snapshot()).toMatchObject({
      reconnects: 2,
      lastEventAgeMs: 500,
      tokenExpiresInMs: 3_600_000 - 500,
      quota: {
        channels: { used: 3, limit: 100, headroomPercent: 97 },
        messagesPerSecond: { used: 25, limit: 100, headroomPercent: 75 },
      },
    })
  })

  it('computes latency percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile([], 99)).toBeNull()
  })

  it('forgets buckets that slid out of the window', () => {
    const rate = new RateWindow(3_000, 1_000)
    rate.add(0, 3)
    rate.add(1_500, 3)
    expect(rate.total(2_999)).toBe(6)
    expect(rate.total(3_000)).toBe(3)
    expect(rate.total(100_000)).toBe(0)
  })
})
