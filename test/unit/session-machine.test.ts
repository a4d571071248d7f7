// The session's connection state machine, driven by tables of event sequences: every transition, the
// commands it asks for, and the health projected from where it ends. Time is explicit (`{ at: ms }`), the
// jitter comes from the seed in the state: every row is a replayable fact.
import { describe, expect, it } from 'vitest'
import { nextRandom, step } from '../../src/main/core/session/machine'
import { freshness, projectHealth } from '../../src/main/core/session/health'
import {
  initialState,
  type Command,
  type MachineConfig,
  type MachineEvent,
  type SessionState,
} from '../../src/main/core/session/types'

type Input = MachineEvent | { at: number }

interface Run {
  state: SessionState
  /** Every command, in order. */
  commands: Command[]
  /** Commands of the last event only. */
  last: Command[]
  now: number
}

function run(inputs: Input[], config: Partial<MachineConfig> = {}, from?: Run): Run {
  let state = from?.state ?? initialState({ config, seed: 7 })
  let now = from?.now ?? 0
  const commands: Command[] = [...(from?.commands ?? [])]
  let last: Command[] = []
  for (const input of inputs) {
    if ('at' in input) {
      now = input.at
      continue
    }
    const r = step(state, input, now)
    state = r.state
    last = r.commands
    commands.push(...r.commands)
  }
  return { state, commands, last, now }
}

const types = (cs: Command[]) => cs.map((c) => (c.type === 'set-timer' ? `timer:${c.name}` : c.type))
const health = (r: Run, at = r.now) => projectHealth(r.state, at)

const E = {
  start: { type: 'start' } as const,
  auth: { type: 'authenticated', tokenExpiresAt: null } as const,
  open: { type: 'socket-open' } as const,
  close: (code = 1006, reason = '') => ({ type: 'socket-close', code, reason }) as const,
  refused: { type: 'socket-close', code: 1006, reason: '', unreachable: true } as const,
  subscribed: { type: 'channel', status: 'SUBSCRIBED' } as const,
  channel: (status: 'TIMED_OUT' | 'CLOSED' | 'CHANNEL_ERROR', reason?: string) =>
    ({ type: 'channel', status, reason }) as const,
  confirmed: { type: 'system', ok: true, message: 'Subscribed to PostgreSQL' } as const,
  done: (attempt: number, o: { crossed?: boolean; published?: boolean | null } = {}) =>
    ({
      type: 'catch-up-done',
      attempt,
      horizonCrossed: o.crossed ?? false,
      horizonPublished: o.published === undefined ? true : o.published,
    }) as const,
  failed: (attempt: number) => ({ type: 'catch-up-failed', attempt, message: 'fetch failed' }) as const,
  timer: (name: 'start-retry' | 'catch-up-retry' | 'channel-retry' | 'confirm' | 'poll' | 'connect') =>
    ({ type: 'timer', name }) as const,
  sent: { type: 'heartbeat-sent' } as const,
  answered: (rttMs: number | null = 5) => ({ type: 'heartbeat-answered', rttMs }) as const,
  timeout: { type: 'heartbeat-timeout' } as const,
  tick: { type: 'tick' } as const,
  attempt: { type: 'socket-attempt' } as const,
}

/** Started, signed in, joined, confirmed and caught up: LIVE. */
const LIVE: Input[] = [E.start, E.auth, E.open, E.subscribed, E.confirmed, E.done(1)]
const live = (config: Partial<MachineConfig> = {}) => run(LIVE, config)

describe('start-up and sign-in', () => {
  it.each<[string, Input[], string[], string, RegExp]>([
    ['start asks to authenticate', [E.start], ['authenticate'], 'CONNECTING', /Signing in/],
    [
      'signed in: the channel opens, events are held, the clock is measured',
      [E.start, E.auth],
      ['clear-timer', 'hold', 'open-channel', 'measure-skew'],
      'CONNECTING',
      /Connecting to the server/,
    ],
    [
      'no session and no credentials: signed out, nothing to retry',
      [E.start, { type: 'auth-missing' }],
      ['clear-timer'],
      'OFFLINE',
      /^Signed out: sign in/,
    ],
    [
      'a refused password is a clear error, not a retry',
      [E.start, { type: 'auth-failed', message: 'Invalid login credentials', retryable: false }],
      ['clear-timer'],
      'OFFLINE',
      /Sign-in failed: Invalid login credentials/,
    ],
    [
      'an unreachable server is retried with backoff',
      [E.start, { type: 'auth-failed', message: 'fetch failed', retryable: true }],
      ['log', 'timer:start-retry'],
      'CONNECTING',
      /Cannot reach the server \(1 failed attempt: no connection could be made\); retrying/,
    ],
  ])('%s', (_name, inputs, commands, state, reason) => {
    const r = run(inputs)
    expect(types(r.last)).toEqual(commands)
    expect(health(r)).toMatchObject({ state, reason: expect.stringMatching(reason) })
  })

  it('never gives up on an unreachable server: OFFLINE with the reason after 3 attempts, retrying forever', () => {
    const fail = { type: 'auth-failed', message: 'connect ECONNREFUSED', retryable: true } as const
    let r = run([E.start, fail])
    const delays: number[] = []
    for (let i = 0; i < 12; i++) {
      const timer = r.last.find((c) => c.type === 'set-timer')
      expect(timer).toMatchObject({ name: 'start-retry' })
      delays.push((timer as { ms: number }).ms)
      r = run([E.timer('start-retry')], {}, r)
      expect(types(r.last)).toEqual(['authenticate'])
      r = run([fail], {}, r)
    }
    expect(health(r)).toEqual({
      state: 'OFFLINE',
      reason:
        'Cannot reach the server (13 failed attempts: nothing is listening there: connection refused); retrying',
    })
    // Backoff grows to its cap and stays there: 500 ms + up to 15 s.
    expect(Math.max(...delays)).toBeLessThanOrEqual(15_500)
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!)
    // And once the server answers, the session starts.
    r = run([E.timer('start-retry'), E.auth], {}, r)
    expect(r.state.stage).toBe('running')
    expect(r.state.start).toEqual({ attempts: 0, error: null })
  })

  it('a wake while start-up is failing tries again at once', () => {
    const r = run([
      E.start,
      { type: 'auth-failed', message: 'x', retryable: true },
      { type: 'wake', reason: 'resume' },
    ])
    expect(types(r.last)).toEqual(['clear-timer', 'authenticate'])
  })
})

describe('joining, catching up, going live', () => {
  it.each<[string, Input[], Partial<MachineConfig>, string[], RegExp]>([
    [
      'SUBSCRIBED alone is not enough: changes may not flow yet',
      [E.start, E.auth, E.open, E.subscribed],
      {},
      ['timer:confirm'],
      /confirm the change subscription/,
    ],
    [
      'the confirmation then asks for a full snapshot',
      [E.start, E.auth, E.open, E.subscribed, E.confirmed],
      {},
      ['clear-timer', 'clear-timer', 'hold', 'catch-up'],
      /Loading the floor/,
    ],
    [
      'a confirmation before SUBSCRIBED counts',
      [E.start, E.auth, E.open, E.confirmed, E.subscribed],
      {},
      ['clear-timer', 'hold', 'catch-up'],
      /Loading the floor/,
    ],
    [
      'broadcast streams have no confirmation to wait for',
      [E.start, E.auth, E.open, E.subscribed],
      { requireConfirmation: false },
      ['clear-timer', 'hold', 'catch-up'],
      /Loading the floor/,
    ],
    ['joining, socket open', [E.start, E.auth, E.open], {}, [], /Joining the floor channel/],
  ])('%s', (_name, inputs, config, commands, reason) => {
    const r = run(inputs, config)
    expect(types(r.last).filter((t) => t !== 'log')).toEqual(commands)
    expect(health(r)).toMatchObject({ state: 'CONNECTING', reason: expect.stringMatching(reason) })
  })

  it('merges the current catch-up and is LIVE; counts rows loaded meanwhile', () => {
    let r = run([
      E.start,
      E.auth,
      E.open,
      E.subscribed,
      E.confirmed,
      { type: 'snapshot-page', attempt: 1, rows: 3000 },
    ])
    expect(health(r).reason).toBe('Loading the floor (3,000 rows)')
    r = run([{ at: 100 }, E.done(1)], {}, r)
    expect(r.last).toContainEqual({ type: 'merge', attempt: 1 })
    expect(r.state.sync).toMatchObject({ live: true, needFull: false, liveAt: 100, inFlight: null })
    expect(health(r)).toEqual({ state: 'LIVE', reason: 'Live' })
    expect(freshness(r.state, 100)).toEqual({ live: true, asOf: 100 })
  })

  it('ignores the result of a catch-up overtaken by a reconnect', () => {
    let r = run([
      E.start,
      E.auth,
      E.open,
      E.subscribed,
      E.confirmed,
      E.close(),
      E.open,
      E.subscribed,
      E.confirmed,
    ])
    expect(r.state.sync.inFlight?.attempt).toBe(2)
    r = run([E.done(1)], {}, r)
    expect(r.last).toEqual([])
    expect(r.state.sync.live).toBe(false)
    r = run([E.done(2)], {}, r)
    expect(r.last).toContainEqual({ type: 'merge', attempt: 2 })
  })

  it('retries a failed catch-up with backoff, keeping it full until one succeeds', () => {
    let r = run([E.start, E.auth, E.open, E.subscribed, E.confirmed, E.failed(1)])
    expect(types(r.last)).toEqual(['log', 'timer:catch-up-retry'])
    expect(health(r).reason).toMatch(/Loading the floor \(retrying: fetch failed\)/)
    r = run([E.timer('catch-up-retry')], {}, r)
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 2, full: true })
  })

  it('resyncs after a silent rejoin (SUBSCRIBED while live), incrementally', () => {
    const r = run([E.subscribed, E.confirmed], {}, live())
    expect(r.state.sync.live).toBe(false)
    expect(r.commands).toContainEqual({ type: 'catch-up', attempt: 2, full: false })
  })

  it('ignores the confirmation re-sent after a token change', () => {
    const r = run([E.confirmed], {}, live())
    expect(r.last).toEqual([])
    expect(r.state.sync.live).toBe(true)
  })

  it('asks again when the buffer overflowed during a catch-up', () => {
    const r = run([E.start, E.auth, E.open, E.subscribed, E.confirmed, { type: 'buffer-overflow' }])
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 2, full: true })
    expect(run([{ type: 'buffer-overflow' }], {}, live()).last).toEqual([])
  })

  it('treats a confirmation that never comes as a failed channel', () => {
    const r = run([E.start, E.auth, E.open, E.subscribed, E.timer('confirm')])
    expect(types(r.last)).toContain('park-channel')
    expect(r.state.channel.status).toBe('parked')
  })
})

describe('the tombstone horizon', () => {
  it('an absence past the published horizon reloads the whole floor', () => {
    let r = run([E.close(), E.open, E.subscribed, E.confirmed], {}, live())
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 2, full: false })
    r = run([E.done(2, { crossed: true })], {}, r)
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 3, full: true })
    expect(r.last.some((c) => c.type === 'merge')).toBe(false)
    r = run([E.done(3)], {}, r)
    expect(r.state.sync).toMatchObject({ live: true, needFull: false })
  })

  it('where no horizon is published, an absence longer than the retention resyncs in full', () => {
    const config = { tombstoneRetentionMs: 600_000 }
    let r = run([...LIVE.slice(0, -1), E.done(1, { published: false })], config)
    r = run([{ at: 1000 }, E.close(), { at: 601_500 }, E.open, E.subscribed, E.confirmed], config, r)
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 2, full: true })
    // A short absence stays incremental.
    r = run(
      [E.done(2, { published: null }), { at: 602_000 }, E.close(), E.open, E.subscribed, E.confirmed],
      config,
      r,
    )
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 3, full: false })
  })

  it('reloads in full from an incomplete cache, or one that is not this user and org', () => {
    const partial = initialState({ seed: 1, resumeFrom: { confirmedAt: 0, incremental: false } })
    const r1 = run(
      [E.start, E.auth, E.open, E.subscribed, E.confirmed],
      {},
      { state: partial, commands: [], last: [], now: 10 },
    )
    expect(r1.last).toContainEqual({ type: 'catch-up', attempt: 1, full: true })
    expect(r1.state.confirmedAt).toBe(0)
    const theirs = initialState({ seed: 1, resumeFrom: { confirmedAt: 0, incremental: true } })
    const r2 = run(
      [
        E.start,
        { type: 'authenticated', tokenExpiresAt: null, keepFloor: false },
        E.open,
        E.subscribed,
        E.confirmed,
      ],
      {},
      { state: theirs, commands: [], last: [], now: 10 },
    )
    expect(r2.last).toContainEqual({ type: 'catch-up', attempt: 1, full: true })
    expect(r2.state.confirmedAt).toBeNull()
  })

  it('resumes incrementally from a cached floor', () => {
    const state = initialState({ seed: 1, resumeFrom: { confirmedAt: 0, incremental: true } })
    const r = run(
      [E.start, E.auth, E.open, E.subscribed, E.confirmed],
      {},
      { state, commands: [], last: [], now: 10 },
    )
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 1, full: false })
  })
})

describe('the socket', () => {
  it('a drop holds events, refreshes the token and reconnects with jittered backoff', () => {
    const r = run([{ at: 50 }, E.close(1006)], {}, live())
    expect(types(r.last)).toEqual(['hold', 'clear-timer', 'clear-timer', 'refresh-token'])
    expect(r.state.socket.reconnectDelayMs).toBeGreaterThanOrEqual(300)
    expect(r.state.socket.reconnectDelayMs).toBeLessThanOrEqual(1_000)
    expect(health(r)).toEqual({
      state: 'CONNECTING',
      reason: 'Reconnecting (attempt 2): connection closed (1006)',
    })
    expect(freshness(r.state, 5000)).toEqual({ live: false, asOf: 0 })
  })

  it('abandons a connection attempt that is neither open nor closed after the connect timeout', () => {
    const r = run([{ at: 50 }, E.close(1006), { at: 400 }, E.attempt], {}, live())
    expect(r.last).toEqual([{ type: 'set-timer', name: 'connect', ms: 10_000 }])
    const abandoned = run([{ at: 10_400 }, E.timer('connect')], {}, r)
    expect(types(abandoned.last)).toEqual(['log', 'abort-socket'])
    expect(abandoned.last[0]).toMatchObject({
      message: 'no answer to a connection attempt in 10 s: trying again',
    })
    // The abandoned attempt's close is one more failed attempt, retried with backoff like any other.
    const closed = run([E.close(1006)], {}, abandoned)
    expect(types(closed.last)).toContain('refresh-token')
    expect(closed.state.socket.failures).toBe(2)
    expect(health(closed)).toEqual({
      state: 'CONNECTING',
      reason: 'Reconnecting (attempt 3): connection closed (1006)',
    })
  })

  it.each<[string, Input]>([
    ['opens', E.open],
    ['closes', E.close(1006)],
  ])('an attempt that %s clears its timeout, and a late timeout does nothing', (_name, end) => {
    const r = run([E.attempt, end], {}, run([E.close(1006)], {}, live()))
    expect(r.last).toContainEqual({ type: 'clear-timer', name: 'connect' })
    expect(r.state.socket.connectingSince).toBeNull()
    expect(run([{ at: 20_000 }, E.timer('connect')], {}, r).last).toEqual([])
  })

  it('the connect timeout is configurable and restarts with every attempt', () => {
    const cfg = { reconnect: { ...initialState().config.reconnect, connectTimeoutMs: 1_500 } }
    const r = run([E.start, E.auth, { at: 100 }, E.attempt, E.close(), { at: 900 }, E.attempt], cfg)
    expect(r.last).toEqual([{ type: 'set-timer', name: 'connect', ms: 1_500 }])
    expect(r.state.socket.connectingSince).toBe(900)
  })

  it('an unreachable server is OFFLINE after 3 refused attempts, polls REST after 5 and keeps probing', () => {
    let r = run(
      [E.close()],
      {
        reconnect: {
          baseMs: 1000,
          capMs: 10_000,
          pollAfterFailures: 5,
          pollIntervalMs: 5000,
          probeBaseMs: 30_000,
          probeCapMs: 300_000,
          connectTimeoutMs: 10_000,
          unreachableCapMs: 2_000,
        },
      },
      live(),
    )
    r = run([E.close(), E.close()], {}, r)
    expect(health(r)).toMatchObject({
      state: 'OFFLINE',
      reason: expect.stringMatching(/^Cannot reach the server \(3 failed attempts/),
    })
    r = run([E.close()], {}, r)
    expect(r.state.transport).toBe('websocket')
    r = run([E.close()], {}, r)
    expect(r.state.transport).toBe('polling')
    expect(r.last).toContainEqual({ type: 'set-timer', name: 'poll', ms: 0 })
    expect(r.state.socket.reconnectDelayMs).toBe(30_000)
    expect(health(r)).toMatchObject({
      state: 'CONNECTING',
      reason: expect.stringMatching(/switching to periodic refresh/),
    })
    r = run([E.timer('poll')], {}, r)
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 2, full: false })
    r = run([{ at: 100 }, E.done(2)], {}, r)
    expect(r.last).toContainEqual({ type: 'set-timer', name: 'poll', ms: 5000 })
    expect(health(r)).toEqual({
      state: 'DEGRADED',
      reason: 'Live connection blocked; refreshing every 5 s instead',
    })
    // The probes back off while polling, never below the poll interval.
    r = run([E.close()], {}, r)
    expect(r.state.socket.reconnectDelayMs).toBeGreaterThanOrEqual(30_000)
    // The socket is back: polling stops and the session resyncs over the channel.
    r = run([E.open, E.subscribed, E.confirmed], {}, r)
    expect(r.state.transport).toBe('websocket')
    expect(r.commands).toContainEqual({ type: 'clear-timer', name: 'poll' })
    expect(r.last).toContainEqual({ type: 'catch-up', attempt: 3, full: false })
  })

  it('retries a refused connection (nothing listening) on the short cap, and never switches to polling for it', () => {
    let r = live()
    const delays: number[] = []
    for (let i = 0; i < 12; i++) {
      r = run([E.refused], {}, r)
      delays.push(r.state.socket.reconnectDelayMs)
    }
    expect(r.state.transport).toBe('websocket')
    expect(Math.max(...delays)).toBeLessThanOrEqual(2_000)
    expect(health(r)).toMatchObject({
      state: 'OFFLINE',
      reason: expect.stringMatching(/12 failed attempts: connection refused: nothing is listening/),
    })
    // The same failures as ordinary closes (a gateway that answers): the long cap, then REST polling.
    let o = live()
    const longer: number[] = []
    for (let i = 0; i < 4; i++) {
      o = run([E.close()], {}, o)
      longer.push(o.state.socket.reconnectDelayMs)
    }
    expect(Math.max(...longer)).toBeGreaterThan(2_000)
    o = run([E.close()], {}, o)
    expect(o.state.transport).toBe('polling')
    // A server that comes back and then closes normally is back on the long cap.
    r = run([E.open, E.close(), E.close(), E.close(), E.close()], {}, r)
    expect(r.state.socket.lastClose?.unreachable).toBe(false)
  })

  it.each<[string, Input[], number]>([
    ['the first poll succeeds', [], 2],
    ['a poll succeeds after failed ones', [E.failed(2), E.timer('poll')], 3],
  ])('%s: the server answers, so the socket is probed at once', (_name, before, attempt) => {
    let r = run(
      [E.close(), E.close(), E.close(), E.close(), E.close(), E.timer('poll'), ...before],
      {},
      live(),
    )
    r = run([E.done(attempt)], {}, r)
    expect(types(r.last)).toEqual(['merge', 'log', 'probe-socket', 'timer:poll'])
    expect(r.last[1]).toMatchObject({ message: 'the server answers again: trying the live connection now' })
    // Later polls that succeed (REST fine, the socket still blocked) leave it to the probe timer.
    r = run([E.close(), E.timer('poll'), E.done(attempt + 1)], {}, r)
    expect(types(r.last)).toEqual(['merge', 'timer:poll'])
  })

  it('a socket probe that fails while a poll is running does not stop the polling', () => {
    let r = run([E.close(), E.close(), E.close(), E.close(), E.close(), E.timer('poll')], {}, live())
    expect(r.state.sync.inFlight).toMatchObject({ attempt: 2 })
    r = run([E.attempt, E.close()], {}, r)
    expect(r.state.sync.inFlight).toMatchObject({ attempt: 2 })
    r = run([E.done(2)], {}, r)
    expect(types(r.last)).toContain('timer:poll')
    expect(health(r).state).toBe('DEGRADED')
  })

  it('a failed poll backs off and is OFFLINE after 3', () => {
    let r = run([E.close(), E.close(), E.close(), E.close(), E.close(), E.timer('poll')], {}, live())
    for (const attempt of [2, 3, 4]) r = run([E.failed(attempt), E.timer('poll')], {}, r)
    expect(health(r)).toMatchObject({
      state: 'OFFLINE',
      reason: expect.stringMatching(/3 failed attempts: no connection could be made/),
    })
  })

  it('a hung server (accepts, never answers) stays STALE for as long as it is hung', () => {
    let r = run([{ at: 1000 }, E.sent, { at: 26_000 }], {}, live())
    expect(health(r)).toMatchObject({ state: 'STALE', reason: 'The server has not answered for 25 s' })
    r = run([E.timeout, E.close(1000, 'heartbeat timeout')], {}, r)
    for (let cycle = 0; cycle < 20; cycle++) {
      expect([cycle, health(r).state, health(r).reason]).toEqual([cycle, 'STALE', expect.anything()])
      expect(health(r).reason).toMatch(/stopped answering/)
      // Reconnects: the socket opens, the join is never answered, the heartbeat times out again.
      r = run([{ at: r.now + 30_000 }, E.open, E.sent, { at: r.now + 55_000 }], {}, r)
      expect(health(r).state).toBe('STALE')
      r = run([E.timeout, E.close(1000, 'heartbeat timeout')], {}, r)
    }
    expect(freshness(r.state, r.now)).toEqual({ live: false, asOf: 0 })
    // It answers again: no longer stale; the catch-up brings it back to LIVE.
    r = run([E.open, E.subscribed, E.confirmed], {}, r)
    expect(health(r).state).toBe('CONNECTING')
    r = run([E.done(r.state.sync.attempt)], {}, r)
    expect(health(r).state).toBe('LIVE')
  })

  it('an unanswered heartbeat is STALE only after a whole interval', () => {
    const r = run([{ at: 1000 }, E.sent, { at: 25_999 }], {}, live())
    expect(health(r).state).toBe('LIVE')
    expect(health(r, 26_000).state).toBe('STALE')
  })

  it('a slow round trip is DEGRADED, and clears with the next fast one', () => {
    let r = run([E.answered(1500)], {}, live())
    expect(health(r)).toEqual({ state: 'DEGRADED', reason: 'Slow connection (heartbeat 1500 ms)' })
    r = run([E.answered(12)], {}, r)
    expect(health(r)).toEqual({ state: 'LIVE', reason: 'Live (heartbeat 12 ms)' })
  })

  it('reports the wire and the network honestly', () => {
    const offline = run([{ type: 'network', online: false }], {}, live())
    expect(health(offline)).toEqual({ state: 'OFFLINE', reason: 'The network is unavailable' })
    const back = run([{ type: 'network', online: true }], {}, offline)
    expect(types(back.last)).toEqual(['log', 'refresh-token', 'probe-socket'])
  })
})

describe('freshness and the server tick', () => {
  it('is STALE when nothing confirms the data for twice the tick interval, once a tick was seen', () => {
    let r = run([{ at: 1000 }, E.tick, { at: 11_000 }], {}, live())
    expect(health(r).state).toBe('LIVE')
    r = run([{ at: 11_001 }], {}, r)
    expect(health(r)).toEqual({
      state: 'STALE',
      reason: 'Nothing from the server for 10 s (a tick is expected every 5 s)',
    })
    // The age is counted from the last confirmation, never under-reported.
    expect(freshness(r.state, 16_000)).toEqual({ live: false, asOf: 1000 })
    r = run([E.tick], {}, r)
    expect(health(r).state).toBe('LIVE')
    expect(freshness(r.state, r.now).asOf).toBe(11_001)
  })

  it('a change confirms the data as a tick does; neither counts while not live', () => {
    let r = run([{ at: 1000 }, E.tick, { at: 9000 }, { type: 'change' }, { at: 18_000 }], {}, live())
    expect(health(r).state).toBe('LIVE')
    r = run([E.close(), { at: 20_000 }, E.tick, { type: 'change' }], {}, r)
    expect(r.state.confirmedAt).toBe(9000)
  })

  it('without any server tick, says so and counts answered heartbeats as confirmation', () => {
    let r = run([{ at: 11_000 }], {}, live())
    expect(health(r)).toEqual({
      state: 'LIVE',
      reason: 'Live (no server tick: staleness from heartbeats only)',
    })
    r = run([E.answered(8)], {}, r)
    expect(r.state.confirmedAt).toBe(11_000)
    expect(health(r).reason).toBe('Live (heartbeat 8 ms; no server tick: staleness from heartbeats only)')
  })

  it('keeps saying there is no server tick while the connection is slow, and stops once one arrives', () => {
    let r = run([{ at: 11_000 }, E.answered(1500)], {}, live())
    expect(health(r)).toEqual({
      state: 'DEGRADED',
      reason: 'Slow connection (heartbeat 1500 ms; no server tick: staleness from heartbeats only)',
    })
    r = run([E.tick, E.answered(9)], {}, r)
    expect(health(r)).toEqual({ state: 'LIVE', reason: 'Live (heartbeat 9 ms)' })
  })

  it('does not claim a missing tick before twice the tick interval has passed live', () => {
    const r = run([{ at: 10_000 }], {}, live())
    expect(health(r).reason).toBe('Live')
  })
})

describe('the channel', () => {
  it('counts errors on an open socket, and replaces the channel after three with a backoff of its own', () => {
    let r = run([E.channel('CHANNEL_ERROR', 'Unauthorized: not a member')], {}, live())
    expect(r.state.channel).toMatchObject({ status: 'errored', errors: 1 })
    expect(health(r)).toMatchObject({
      state: 'STALE',
      reason: 'Live updates interrupted: the floor channel failed: Unauthorized: not a member; retrying',
    })
    r = run([E.open, E.channel('CHANNEL_ERROR', 'Unauthorized: not a member'), E.channel('TIMED_OUT')], {}, r)
    expect(types(r.last)).toEqual(['clear-timer', 'log', 'park-channel', 'log', 'timer:channel-retry'])
    const ms = (r.last.find((c) => c.type === 'set-timer') as { ms: number }).ms
    expect(ms).toBeGreaterThanOrEqual(1000)
    expect(ms).toBeLessThanOrEqual(2000)
    r = run([E.timer('channel-retry')], {}, r)
    expect(types(r.last)).toEqual(['refresh-token', 'hold', 'open-channel'])
    r = run([E.subscribed], {}, r)
    expect(r.state.channel).toEqual({ status: 'joined', errors: 0, replacements: 0, reason: null })
  })

  it('ignores errors caused by the socket: its own reconnect handles them', () => {
    const r = run([E.channel('CHANNEL_ERROR', 'socket closed')], {}, live())
    expect(r.state.channel).toMatchObject({ status: 'joining', errors: 0 })
  })

  it('refreshes the token on a token error', () => {
    const r = run([E.channel('CHANNEL_ERROR', 'Token has expired')], {}, live())
    expect(types(r.last)).toContain('refresh-token')
  })

  it('replaces at once a channel the server closed, or whose change subscription failed', () => {
    const closed = run([E.channel('CLOSED')], {}, live())
    expect(types(closed.last)).toContain('park-channel')
    expect(closed.state.channel).toMatchObject({ status: 'parked', reason: 'closed by the server' })
    const refused = run(
      [{ type: 'system', ok: false, message: 'invalid column for filter org_id' }],
      {},
      live(),
    )
    expect(refused.state.channel.reason).toBe('change subscription failed: invalid column for filter org_id')
    expect(types(refused.last)).toContain('timer:channel-retry')
  })

  it('replacements back off, growing with each one', () => {
    let r = live()
    const delays: number[] = []
    for (let i = 0; i < 6; i++) {
      r = run([E.channel('CLOSED')], {}, r)
      delays.push((r.last.find((c) => c.type === 'set-timer') as { ms: number }).ms)
      r = run([E.timer('channel-retry')], {}, r)
    }
    expect(delays.at(-1)!).toBeGreaterThan(delays[0]!)
    expect(Math.max(...delays)).toBeLessThanOrEqual(31_000)
  })

  it('a wake reopens a parked channel now instead of waiting', () => {
    const r = run([E.channel('CLOSED'), { type: 'wake', reason: 'unlock' }], {}, live())
    expect(types(r.last)).toEqual([
      'log',
      'refresh-token',
      'clear-timer',
      'hold',
      'open-channel',
      'probe-socket',
    ])
  })
})

describe('the auth session', () => {
  it('an unattended console signs in again when the server ends its session', () => {
    const r = run(
      [{ type: 'session-lost', reason: 'the server ended the session' }],
      { unattended: true },
      live({ unattended: true }),
    )
    expect(types(r.last)).toContain('park-channel')
    expect(types(r.last)).toContain('authenticate')
    expect(r.state.stage).toBe('starting')
  })

  it('an attended one is signed out, with the reason', () => {
    const r = run([{ type: 'session-lost', reason: 'the server ended the session' }], {}, live())
    expect(health(r)).toEqual({ state: 'OFFLINE', reason: 'Signed out: the server ended the session' })
  })
})

describe('stop and determinism', () => {
  it('stop clears every timer and closes; nothing happens after', () => {
    const r = run([{ type: 'stop' }], {}, live())
    expect(types(r.last)).toEqual([
      'clear-timer',
      'clear-timer',
      'clear-timer',
      'clear-timer',
      'clear-timer',
      'clear-timer',
      'close',
    ])
    expect(run([E.close(), E.timer('poll')], {}, r).last).toEqual([])
    expect(health(r)).toEqual({ state: 'OFFLINE', reason: 'Stopped' })
  })

  it('never mutates the state it is given', () => {
    const before = live()
    const frozen = JSON.stringify(before.state)
    run([E.close(), E.channel('CLOSED'), E.tick], {}, before)
    expect(JSON.stringify(before.state)).toBe(frozen)
  })

  it('draws its jitter from the seed: the same seed gives the same delays, another seed others', () => {
    const delays = (seed: number) => {
      let state = initialState({ seed })
      for (const e of LIVE) if (!('at' in e)) state = step(state, e, 0).state
      const out: number[] = []
      for (let i = 0; i < 4; i++) {
        state = step(state, E.close(), 0).state
        out.push(state.socket.reconnectDelayMs)
      }
      return out
    }
    expect(delays(3)).toEqual(delays(3))
    expect(delays(3)).not.toEqual(delays(4))
    const [value, next] = nextRandom(42)
    expect(value).toBeGreaterThanOrEqual(0)
    expect(value).toBeLessThan(1)
    expect(next).not.toBe(42)
  })
})
