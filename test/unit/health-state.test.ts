import { describe, expect, it } from 'vitest'
import { deriveHealth, HealthTracker, type HealthInputs } from '../../src/main/core/health/state'

const NOW = 1_000_000

/** A console that is fully live; each test breaks one thing. */
function live(over: Partial<HealthInputs> = {}): HealthInputs {
  return {
    now: NOW,
    networkOnline: true,
    transport: 'websocket',
    socketOpen: true,
    failedAttempts: 0,
    heartbeat: { intervalMs: 25_000, lastRttMs: 42, timeouts: 0 },
    channels: [{ name: 'floor', status: 'connected' }],
    resync: { done: true, doneAt: NOW - 60_000 },
    tick: { intervalMs: 15_000, lastAt: NOW - 5_000 },
    ...over,
  }
}

describe('derived health', () => {
  it('is LIVE only when everything holds, and says how fast', () => {
    expect(deriveHealth(live())).toEqual({ state: 'LIVE', reason: 'Live (heartbeat 42 ms)' })
  })

  it('is CONNECTING before the first connection and while reconnecting', () => {
    expect(deriveHealth(live({ socketOpen: false }))).toEqual({
      state: 'CONNECTING',
      reason: 'Connecting to the server',
    })
    const retrying = live({
      socketOpen: false,
      failedAttempts: 1,
      lastError: { at: NOW, message: 'socket closed: 1006' },
    })
    expect(deriveHealth(retrying)).toEqual({
      state: 'CONNECTING',
      reason: 'Reconnecting (attempt 2): socket closed: 1006',
    })
  })

  it('is OFFLINE when the OS reports no network, or after repeated failures', () => {
    expect(deriveHealth(live({ networkOnline: false }))).toEqual({
      state: 'OFFLINE',
      reason: 'The network is unavailable',
    })
    expect(deriveHealth(live({ socketOpen: false, failedAttempts: 3 }))).toEqual({
      state: 'OFFLINE',
      reason: 'Cannot reach the server (3 failed attempts)',
    })
  })

  it('is CONNECTING while channels join and while catching up', () => {
    const joining = live({
      channels: [
        { name: 'floor', status: 'connected' },
        { name: 'presence', status: 'connecting' },
      ],
    })
    expect(deriveHealth(joining)).toEqual({ state: 'CONNECTING', reason: 'Joining channels (1 of 2)' })
    expect(deriveHealth(live({ resync: { done: false } }))).toEqual({
      state: 'CONNECTING',
      reason: 'Catching up on changes made while away',
    })
  })

  it('is STALE on a half-open socket: a heartbeat unanswered for a whole interval', () => {
    expect(
      deriveHealth(live({ heartbeat: { intervalMs: 25_000, awaitingSince: NOW - 20_000, timeouts: 0 } }))
        .state,
    ).toBe('LIVE')
    expect(
      deriveHealth(live({ heartbeat: { intervalMs: 25_000, awaitingSince: NOW - 31_000, timeouts: 0 } })),
    ).toEqual({
      state: 'STALE',
      reason: 'The server has not answered for 31 s',
    })
    expect(deriveHealth(live({ heartbeat: { intervalMs: 25_000, timeouts: 2 } }))).toEqual({
      state: 'STALE',
      reason: 'Heartbeat timed out 2 times',
    })
  })

  it('is STALE with no server tick for twice its interval, counted from going live', () => {
    expect(deriveHealth(live({ tick: { intervalMs: 15_000, lastAt: NOW - 29_000 } })).state).toBe('LIVE')
    expect(deriveHealth(live({ tick: { intervalMs: 15_000, lastAt: NOW - 34_000 } }))).toEqual({
      state: 'STALE',
      reason: 'No server tick for 34 s (expected every 15 s)',
    })
    // Just resynced, no tick yet: not stale.
    expect(
      deriveHealth(live({ tick: { intervalMs: 15_000 }, resync: { done: true, doneAt: NOW - 1_000 } })).state,
    ).toBe('LIVE')
    // A server without ticks never makes the console stale.
    expect(deriveHealth(live({ tick: { intervalMs: 0 } })).state).toBe('LIVE')
  })

  it('is DEGRADED on slow heartbeats, failed channels and recent errors', () => {
    expect(deriveHealth(live({ heartbeat: { intervalMs: 25_000, lastRttMs: 1_450, timeouts: 0 } }))).toEqual({
      state: 'DEGRADED',
      reason: 'Slow connection (heartbeat 1450 ms)',
    })
    const failed = live({ channels: [{ name: 'floor', status: 'error', reason: 'Too many channels' }] })
    expect(deriveHealth(failed)).toEqual({
      state: 'DEGRADED',
      reason: 'Channel floor failed: Too many channels',
    })
    expect(deriveHealth(live({ lastError: { at: NOW - 10_000, message: 'catch-up failed: 503' } }))).toEqual({
      state: 'DEGRADED',
      reason: 'Recent error: catch-up failed: 503',
    })
    expect(deriveHealth(live({ lastError: { at: NOW - 120_000, message: 'old' } })).state).toBe('LIVE')
  })

  it('is DEGRADED, not LIVE, while polling REST because WebSockets are blocked', () => {
    const polling = live({
      transport: 'polling',
      socketOpen: false,
      polling: { intervalMs: 5_000, lastSuccessAt: NOW - 2_000 },
    })
    expect(deriveHealth(polling)).toEqual({
      state: 'DEGRADED',
      reason: 'Live connection blocked; refreshing every 5 s instead',
    })
    const failing = {
      ...polling,
      polling: { intervalMs: 5_000, lastSuccessAt: NOW - 60_000 },
      failedAttempts: 5,
    }
    expect(deriveHealth(failing).state).toBe('OFFLINE')
  })

  it('tracks since when a state holds, and reports transitions once', () => {
    const tracker = new HealthTracker()
    expect(tracker.update({ state: 'CONNECTING', reason: 'a' }, 1).changed).toBe(true)
    expect(tracker.update({ state: 'CONNECTING', reason: 'b' }, 2)).toMatchObject({
      changed: false,
      health: { since: 1 },
    })
    expect(tracker.update({ state: 'LIVE', reason: 'c' }, 3)).toMatchObject({
      changed: true,
      health: { since: 3 },
    })
  })
})
