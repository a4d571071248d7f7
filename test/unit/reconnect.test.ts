import { describe, expect, it } from 'vitest'
import { fullJitter, ReconnectPolicy } from '../../src/main/core/health/reconnect'

/** A "random" source that replays values, to pin jitter where a test needs to. */
const fixed = (...values: number[]) => {
  let i = 0
  return () => values[i++ % values.length] as number
}

describe('reconnection policy', () => {
  it('draws full jitter from [0, min(cap, base·2^attempt)]', () => {
    expect(fullJitter(0, 1_000, 30_000, () => 0)).toBe(0)
    expect(fullJitter(0, 1_000, 30_000, () => 0.999999)).toBe(999)
    expect(fullJitter(3, 1_000, 30_000, () => 0.5)).toBe(4_000)
    expect(fullJitter(10, 1_000, 30_000, () => 0.999999)).toBe(29_999) // capped
    expect(fullJitter(1_000, 1_000, 30_000, () => 0.5)).toBe(15_000) // no overflow at absurd attempts
  })

  it('keeps every retry within its bound and spreads retries across the range', () => {
    const policy = new ReconnectPolicy({ pollAfterFailures: 1_000 })
    const byAttempt = new Map<number, number[]>()
    for (let round = 0; round < 200; round++) {
      policy.websocketConnected()
      for (let attempt = 1; attempt <= 8; attempt++) {
        const d = policy.websocketFailed()
        if (d.action !== 'retry-websocket') throw new Error(d.action)
        expect(d.attempt).toBe(attempt)
        byAttempt.set(attempt, [...(byAttempt.get(attempt) ?? []), d.delayMs])
      }
    }
    for (const [attempt, delays] of byAttempt) {
      const ceiling = Math.min(30_000, 1_000 * 2 ** (attempt - 1))
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...delays)).toBeLessThan(ceiling)
      // Jitter, not lockstep: the delays cover most of the range.
      expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(ceiling * 0.7)
    }
  })

  it('switches to REST polling after N failed WebSocket attempts and returns when a probe succeeds', () => {
    const policy = new ReconnectPolicy({ pollAfterFailures: 3, random: () => 0.5 })
    expect(policy.websocketFailed()).toEqual({ action: 'retry-websocket', delayMs: 500, attempt: 1 })
    expect(policy.websocketFailed()).toEqual({ action: 'retry-websocket', delayMs: 1_000, attempt: 2 })
    expect(policy.websocketFailed()).toEqual({ action: 'start-polling', pollInMs: 0, probeInMs: 30_000 })
    expect(policy.transport).toBe('polling')
    // A failed probe while polling: probe again later, backing off, never faster than the poll interval.
    const probe = policy.websocketFailed()
    expect(probe).toMatchObject({ action: 'probe-websocket' })
    expect(probe.action === 'probe-websocket' && probe.delayMs).toBeGreaterThanOrEqual(5_000)
    expect(policy.transport).toBe('polling')
    expect(policy.websocketConnected()).toEqual({ action: 'stop-polling' })
    expect(policy.transport).toBe('websocket')
    expect(policy.failedAttempts).toBe(0)
    expect(policy.websocketConnected()).toEqual({ action: 'none' })
  })

  it('backs off failed polls but never polls faster than the interval', () => {
    const policy = new ReconnectPolicy({ pollIntervalMs: 5_000, random: fixed(0.999999) })
    expect(policy.pollFailed()).toBe(5_999)
    expect(policy.pollFailed()).toBe(6_999)
    expect(policy.pollFailed()).toBe(8_999)
    expect(policy.pollSucceeded()).toBe(5_000)
    expect(policy.pollFailed()).toBe(5_999)
  })

  it('probes immediately on resume, unlock or network change and forgets old failures', () => {
    const policy = new ReconnectPolicy({ pollAfterFailures: 3, random: () => 0.99 })
    policy.websocketFailed()
    policy.websocketFailed()
    for (const reason of ['resume', 'unlock', 'network-change'] as const) {
      expect(policy.wake(reason)).toEqual({ action: 'probe-websocket', delayMs: 0, reason })
    }
    expect(policy.failedAttempts).toBe(0)
    // The next failure starts the backoff again instead of tipping into polling.
    expect(policy.websocketFailed()).toMatchObject({ action: 'retry-websocket', attempt: 1 })
  })
})
