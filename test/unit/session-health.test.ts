// Health as a pure projection of the session state, state by state: each row is a state a session can be
// in and exactly what the console shows for it, with the thresholds (offline after N failures, a slow round
// trip, a missing tick, a polling answer that is still fresh) checked on both sides of the line.
import { describe, expect, it } from 'vitest'
import { freshness, projectHealth } from '../../src/main/core/session/health'
import { initialState, type SessionState } from '../../src/main/core/session/types'

const NOW = 1_000_000
type Patch = {
  [K in keyof SessionState]?: SessionState[K] extends object | null
    ? Partial<SessionState[K]>
    : SessionState[K]
}

/** A session that is LIVE at NOW (socket answered, channel joined, confirmed, merged, tick fresh), patched. */
function live(patch: Patch = {}): SessionState {
  const s = initialState()
  const base: SessionState = {
    ...s,
    stage: 'running',
    socket: { ...s.socket, open: true, answered: true, lastAnswerAt: NOW - 1_000 },
    channel: { ...s.channel, status: 'joined' },
    sync: {
      ...s.sync,
      subscribed: true,
      confirmed: true,
      needFull: false,
      live: true,
      everLive: true,
      liveAt: NOW - 60_000,
    },
    tick: { seen: true, lastAt: NOW - 1_000 },
    confirmedAt: NOW - 1_000,
  }
  const out = { ...base } as Record<string, unknown>
  for (const [k, v] of Object.entries(patch)) {
    const was = (base as unknown as Record<string, unknown>)[k]
    out[k] = v && typeof v === 'object' && was && typeof was === 'object' ? { ...was, ...v } : v
  }
  return out as unknown as SessionState
}
const closed = (socket: Patch['socket'] = {}, patch: Patch = {}) =>
  live({ ...patch, socket: { open: false, answered: false, ...socket } })
const show = (s: SessionState, at = NOW) => {
  const { state, reason } = projectHealth(s, at)
  return `${state} ${reason}`
}

describe('health projection', () => {
  it.each<[string, SessionState, string]>([
    ['live', live(), 'LIVE Live'],
    ['stopped', live({ stage: 'stopped' }), 'OFFLINE Stopped'],
    ['signed out, no reason given', live({ stage: 'signed-out' }), 'OFFLINE Signed out'],
    [
      'signed out by the server',
      live({ stage: 'signed-out', signedOutReason: 'Session expired' }),
      'OFFLINE Session expired',
    ],
    ['no network', live({ online: false }), 'OFFLINE The network is unavailable'],
  ])('%s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    ['first sign-in', initialState(), 'CONNECTING Signing in'],
    [
      'one failure, no message',
      { ...initialState(), start: { attempts: 1, error: null } },
      'CONNECTING Cannot reach the server (1 failed attempt); retrying',
    ],
    [
      'two failures',
      { ...initialState(), start: { attempts: 2, error: 'ECONNREFUSED' } },
      'CONNECTING Cannot reach the server (2 failed attempts: nothing is listening there: connection refused); retrying',
    ],
    [
      'three failures: offline',
      { ...initialState(), start: { attempts: 3, error: 'ECONNREFUSED' } },
      'OFFLINE Cannot reach the server (3 failed attempts: nothing is listening there: connection refused); retrying',
    ],
  ])('starting: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    [
      'never live, first attempt',
      closed({}, { sync: { everLive: false } }),
      'CONNECTING Connecting to the server',
    ],
    [
      'never live, one failure',
      closed({ failures: 1 }, { sync: { everLive: false } }),
      'CONNECTING Reconnecting (attempt 2)',
    ],
    ['was live, closed without a known cause', closed(), 'CONNECTING Reconnecting (attempt 1)'],
    [
      'was live, dropped',
      closed({ lastClose: { code: 1006, reason: '', kind: 'dropped', at: NOW } }),
      'CONNECTING Reconnecting (attempt 1): connection closed (1006)',
    ],
    [
      'closed with a reason',
      closed({ failures: 2, lastClose: { code: 1000, reason: 'bye', kind: 'refused', at: NOW } }),
      'CONNECTING Reconnecting (attempt 3): connection closed (1000 bye)',
    ],
    [
      'three failures: offline',
      closed({ failures: 3, lastClose: { code: 1006, reason: '', kind: 'refused', at: NOW } }),
      'OFFLINE Cannot reach the server (3 failed attempts: connection closed (1006))',
    ],
    [
      'dropped after timeouts: reconnecting, not stale',
      closed({ timeouts: 2, lastClose: { code: 1006, reason: '', kind: 'dropped', at: NOW } }),
      'CONNECTING Reconnecting (attempt 1): connection closed (1006)',
    ],
    [
      'unanswered without a timeout: not stale',
      closed({ lastClose: { code: 1006, reason: '', kind: 'unanswered', at: NOW } }),
      'CONNECTING Reconnecting (attempt 1): connection closed (1006)',
    ],
    [
      'timed out with no close recorded: not stale',
      closed({ timeouts: 1 }),
      'CONNECTING Reconnecting (attempt 1)',
    ],
    [
      'the server stopped answering',
      closed({
        timeouts: 2,
        failures: 5,
        lastClose: { code: 1006, reason: '', kind: 'unanswered', at: NOW },
      }),
      'STALE The server stopped answering (heartbeat timed out 2 times); reconnecting',
    ],
  ])('socket closed: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    ['one heartbeat timed out', live({ socket: { timeouts: 1 } }), 'STALE Heartbeat timed out once'],
    ['three timed out', live({ socket: { timeouts: 3 } }), 'STALE Heartbeat timed out 3 times'],
    [
      'waiting just under a heartbeat interval',
      live({ socket: { awaitingSince: NOW - 24_999 } }),
      'LIVE Live',
    ],
    [
      'waiting a whole interval',
      live({ socket: { awaitingSince: NOW - 25_000 } }),
      'STALE The server has not answered for 25 s',
    ],
    ['round trip at the slow line', live({ socket: { rttMs: 1_000 } }), 'LIVE Live (heartbeat 1000 ms)'],
    [
      'round trip above it',
      live({ socket: { rttMs: 1_001 } }),
      'DEGRADED Slow connection (heartbeat 1001 ms)',
    ],
  ])('socket open: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    ['joining', live({ channel: { status: 'joining' } }), 'CONNECTING Joining the floor channel'],
    [
      'errored before ever live',
      live({ channel: { status: 'errored', reason: 'boom' }, sync: { everLive: false, live: false } }),
      'CONNECTING Joining floor channel failed: boom; retrying',
    ],
    [
      'parked, no reason, before ever live',
      live({ channel: { status: 'parked' }, sync: { everLive: false, live: false } }),
      'CONNECTING Joining floor channel failed: unknown error; retrying',
    ],
    [
      'errored after live',
      live({ channel: { status: 'errored', reason: 'boom' } }),
      'STALE Live updates interrupted: the floor channel failed: boom; retrying',
    ],
    [
      'parked after live',
      live({ channel: { status: 'parked', reason: 'boom' } }),
      'STALE Live updates interrupted: the floor channel failed: boom; retrying',
    ],
    [
      'Realtime does not stream a table (a project behind on migrations)',
      live({
        channel: {
          status: 'parked',
          reason:
            'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: queue_intervals, filters: [{"org_id", "eq", "8c1f", false}], select: nil]',
        },
        sync: { everLive: false, live: false },
      }),
      "CONNECTING Joining floor channel failed: the project does not stream table queue_intervals (apply Floorwatch's migrations with `supabase db push`: they create it and add it to the supabase_realtime publication); retrying",
    ],
    [
      'joined, not confirmed',
      live({ sync: { confirmed: false } }),
      'CONNECTING Waiting for the server to confirm the change subscription',
    ],
    [
      'joined, no confirmation required',
      live({ sync: { confirmed: false }, config: { ...initialState().config, requireConfirmation: false } }),
      'LIVE Live',
    ],
  ])('channel: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    [
      'full snapshot to start',
      live({ sync: { live: false, needFull: true } }),
      'CONNECTING Loading the floor',
    ],
    [
      'full snapshot under way, no page yet',
      live({ sync: { live: false, inFlight: { attempt: 1, full: true, rows: 0 } } }),
      'CONNECTING Loading the floor',
    ],
    [
      'full snapshot, pages in',
      live({ sync: { live: false, inFlight: { attempt: 1, full: true, rows: 20_000 } } }),
      'CONNECTING Loading the floor (20,000 rows)',
    ],
    [
      'incremental under way, a full one owed next',
      live({ sync: { live: false, needFull: true, inFlight: { attempt: 1, full: false, rows: 5 } } }),
      'CONNECTING Catching up on changes made while away',
    ],
    [
      'catch-up to start',
      live({ sync: { live: false } }),
      'CONNECTING Catching up on changes made while away',
    ],
    [
      'catch-up failed',
      live({ sync: { live: false, error: 'HTTP 503' } }),
      'CONNECTING Catching up on changes made while away (retrying: HTTP 503)',
    ],
    [
      'snapshot failed',
      live({ sync: { live: false, needFull: true, error: 'HTTP 503' } }),
      'CONNECTING Loading the floor (retrying: HTTP 503)',
    ],
  ])('catch-up: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  it.each<[string, SessionState, string]>([
    ['confirmed two tick intervals ago', live({ confirmedAt: NOW - 10_000 }), 'LIVE Live'],
    [
      'a millisecond more',
      live({ confirmedAt: NOW - 10_001 }),
      'STALE Nothing from the server for 10 s (a tick is expected every 5 s)',
    ],
    ['a tick seen, never confirmed', live({ confirmedAt: null }), 'LIVE Live'],
    [
      'no tick ever, live for two intervals',
      live({ tick: { seen: false }, confirmedAt: NOW - 60_000, sync: { liveAt: NOW - 10_000 } }),
      'LIVE Live',
    ],
    [
      'no tick ever, a millisecond more',
      live({ tick: { seen: false }, confirmedAt: NOW - 60_000, sync: { liveAt: NOW - 10_001 } }),
      'LIVE Live (no server tick: staleness from heartbeats only)',
    ],
    ['no tick, live just now', live({ tick: { seen: false }, sync: { liveAt: null } }), 'LIVE Live'],
  ])('server tick: %s', (_name, state, expected) => expect(show(state)).toBe(expected))

  describe('polling instead of a socket', () => {
    const polling = (patch: Patch = {}) => closed({}, { transport: 'polling', ...patch })
    it.each<[string, SessionState, string]>([
      [
        'answered within two intervals and a slow round trip',
        polling({ poll: { lastOkAt: NOW - 11_000 } }),
        'DEGRADED Live connection blocked; refreshing every 5 s instead',
      ],
      [
        'a millisecond later',
        polling({ poll: { lastOkAt: NOW - 11_001 } }),
        'CONNECTING Live connection blocked; switching to periodic refresh',
      ],
      ['never answered', polling(), 'CONNECTING Live connection blocked; switching to periodic refresh'],
      [
        'three failed polls',
        polling({ poll: { failures: 3 }, sync: { error: 'HTTP 502' } }),
        'OFFLINE Cannot reach the server (3 failed attempts: HTTP 502)',
      ],
      [
        'socket went silent before polling',
        closed(
          { timeouts: 2, lastClose: { code: 1006, reason: '', kind: 'unanswered', at: NOW } },
          { transport: 'polling' },
        ),
        'STALE The server stopped answering (heartbeat timed out 2 times); reconnecting',
      ],
    ])('%s', (_name, state, expected) => expect(show(state)).toBe(expected))
  })
})

describe('freshness', () => {
  it('is live when LIVE, or DEGRADED after having been live; never when stale; asOf is the last confirmation', () => {
    expect(freshness(live(), NOW)).toEqual({ live: true, asOf: NOW - 1_000 })
    expect(freshness(live({ socket: { rttMs: 5_000 } }), NOW).live).toBe(true)
    const polled = closed({}, { transport: 'polling', poll: { lastOkAt: NOW } })
    expect(projectHealth(polled, NOW).state).toBe('DEGRADED')
    expect(freshness(polled, NOW).live).toBe(true)
    expect(freshness({ ...polled, sync: { ...polled.sync, everLive: false } }, NOW).live).toBe(false)
    expect(freshness(live({ socket: { timeouts: 1 } }), NOW)).toEqual({ live: false, asOf: NOW - 1_000 })
    expect(freshness(initialState(), NOW)).toEqual({ live: false, asOf: null })
  })
})
