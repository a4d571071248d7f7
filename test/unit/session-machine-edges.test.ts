// The session machine at its edges: events that arrive late, twice or out of place change nothing; the
// transitions the main table does not reach (rejoin on open, a stale catch-up, polling, wake, the tombstone
// horizon to the millisecond, skew re-measured at most once a minute); and every backoff starts small and
// grows, whatever the seed. Found by mutation testing (docs/benchmarks.md): each case failed a mutant.
import { describe, expect, it } from 'vitest'
import { step } from '../../src/main/core/session/machine'
import {
  initialState,
  type Command,
  type MachineConfig,
  type MachineEvent,
  type SessionState,
  type TimerName,
} from '../../src/main/core/session/types'

type Input = MachineEvent | { at: number }
interface Run {
  state: SessionState
  last: Command[]
  now: number
}

function run(inputs: Input[], from?: Run | Partial<MachineConfig>, seed = 7): Run {
  const prev = from && 'state' in from ? (from as Run) : undefined
  let state = prev?.state ?? initialState({ config: (from as Partial<MachineConfig>) ?? {}, seed })
  let now = prev?.now ?? 0
  let last: Command[] = []
  for (const input of inputs) {
    if ('at' in input) {
      now = input.at
      continue
    }
    const r = step(state, input, now)
    state = r.state
    last = r.commands
  }
  return { state, last, now }
}

const types = (cs: Command[]) => cs.map((c) => (c.type === 'set-timer' ? `timer:${c.name}` : c.type))
const delay = (cs: Command[], name: TimerName) =>
  (cs.find((c) => c.type === 'set-timer' && c.name === name) as { ms: number } | undefined)?.ms
const E = {
  start: { type: 'start' } as const,
  auth: { type: 'authenticated', tokenExpiresAt: null } as const,
  open: { type: 'socket-open' } as const,
  close: { type: 'socket-close', code: 1006, reason: '' } as const,
  subscribed: { type: 'channel', status: 'SUBSCRIBED' } as const,
  closedByServer: { type: 'channel', status: 'CLOSED' } as const,
  confirmed: { type: 'system', ok: true, message: 'Subscribed to PostgreSQL' } as const,
  done: (attempt: number, published: boolean | null = true) =>
    ({ type: 'catch-up-done', attempt, horizonCrossed: false, horizonPublished: published }) as const,
  failed: (attempt: number) => ({ type: 'catch-up-failed', attempt, message: 'fetch failed' }) as const,
  timer: (name: TimerName) => ({ type: 'timer', name }) as const,
  answered: (rttMs: number | null) => ({ type: 'heartbeat-answered', rttMs }) as const,
  authFailed: { type: 'auth-failed', message: 'fetch failed', retryable: true } as const,
}
const LIVE: Input[] = [E.start, E.auth, E.open, E.subscribed, E.confirmed, E.done(1)]
/** Live, then joined again after a drop, waiting for the confirmation. */
const parked = () => run([...LIVE, E.closedByServer])

describe('what arrives late, twice or out of place changes nothing', () => {
  it.each<[string, Run, MachineEvent]>([
    ['start again while signing in after a failure', run([E.start, E.authFailed]), E.start],
    ['start once running', run(LIVE), E.start],
    ['a sign-in failure once running', run(LIVE), E.authFailed],
    ['a confirmation on a parked channel', parked(), E.confirmed],
    ['a channel status on a parked channel', parked(), E.subscribed],
    ['a confirmation before sign-in', run([E.start]), E.confirmed],
    [
      'a snapshot page of an older catch-up',
      run([...LIVE.slice(0, 5)]),
      { type: 'snapshot-page', attempt: 9, rows: 5 },
    ],
    ['a snapshot page with no catch-up running', run(LIVE), { type: 'snapshot-page', attempt: 1, rows: 5 }],
    ['the result of an older catch-up', run([...LIVE.slice(0, 5)]), E.done(9)],
    ['the failure of an older catch-up', run([...LIVE.slice(0, 5)]), E.failed(9)],
    ['a failure with no catch-up running', run(LIVE), E.failed(1)],
    ['the start-up timer once running', run(LIVE), E.timer('start-retry')],
    ['the catch-up timer once live', run(LIVE), E.timer('catch-up-retry')],
    ['the catch-up timer with one running', run([...LIVE.slice(0, 5)]), E.timer('catch-up-retry')],
    [
      'the catch-up timer before the channel joined',
      run([E.start, E.auth, E.open]),
      E.timer('catch-up-retry'),
    ],
    ['the channel timer on a joined channel', run(LIVE), E.timer('channel-retry')],
    ['the channel timer before sign-in', run([E.start]), E.timer('channel-retry')],
    ['the confirm timer once confirmed', run(LIVE), E.timer('confirm')],
    ['the confirm timer before the channel joined', run([E.start, E.auth, E.open]), E.timer('confirm')],
    ['the poll timer on a websocket', run(LIVE), E.timer('poll')],
    ['a wake during the first sign-in', run([E.start]), { type: 'wake', reason: 'resume' }],
    ['a wake when signed out', run([E.start, { type: 'auth-missing' }]), { type: 'wake', reason: 'resume' }],
    ['the network going away', run(LIVE), { type: 'network', online: false }],
    ['anything after stop', run([...LIVE, { type: 'stop' }]), E.close],
  ])('%s', (_name, before, event) => {
    const after = step(before.state, event, before.now + 1)
    expect(after.commands.filter((c) => c.type !== 'log')).toEqual([])
    const { online: _o, ...rest } = after.state
    const { online: _p, ...was } = before.state
    expect(rest).toEqual(was)
  })

  it('a stopped session returns the very same state', () => {
    const stopped = run([...LIVE, { type: 'stop' }]).state
    expect(step(stopped, E.open, 5).state).toBe(stopped)
  })
})

describe('transitions off the main path', () => {
  it('a reopened socket rejoins an errored channel, and leaves a parked one to its timer', () => {
    // supabase-js rejoins its channels whenever a socket opens.
    const errored = run([...LIVE, { type: 'channel', status: 'CHANNEL_ERROR', reason: 'boom' }])
    expect(errored.state.channel.status).toBe('errored')
    expect(run([E.open], errored).state.channel.status).toBe('joining')
    expect(run([E.close, E.open], parked()).state.channel.status).toBe('parked')
  })

  it('a closed socket puts a joined or errored channel back to joining, and forgets it had answered', () => {
    expect(run([E.close], run(LIVE)).state.channel.status).toBe('joining')
    const r = run([E.open], run(LIVE))
    expect(r.state.socket.answered).toBe(false)
    expect(run([E.close], r).state.socket.lastClose?.kind).toBe('unanswered')
  })

  it('a heartbeat answer without a round trip keeps the last one; it confirms the data only without ticks', () => {
    const r = run([{ at: 100 }, E.answered(40), { at: 200 }, E.answered(null)], run(LIVE))
    expect(r.state.socket.rttMs).toBe(40)
    expect(r.state.confirmedAt).toBe(200)
    const ticking = run([{ type: 'tick' }, { at: 300 }, E.answered(5)], run(LIVE))
    expect(ticking.state.confirmedAt).toBe(0)
    const notLive = run([{ at: 300 }, E.answered(5)], run(LIVE.slice(0, 5)))
    expect(notLive.state.confirmedAt).toBeNull()
  })

  it('records a refreshed token’s expiry', () => {
    expect(run([{ type: 'token-refreshed', tokenExpiresAt: 9_999 }], run(LIVE)).state.tokenExpiresAt).toBe(
      9_999,
    )
  })

  it('counts pages of the running snapshot only', () => {
    const r = run(
      [
        { type: 'snapshot-page', attempt: 1, rows: 1_000 },
        { type: 'snapshot-page', attempt: 1, rows: 500 },
      ],
      run(LIVE.slice(0, 5)),
    )
    expect(r.state.sync.inFlight?.rows).toBe(1_500)
  })

  it('a wake re-subscribes an errored channel on an open socket', () => {
    const errored = run([...LIVE, { type: 'channel', status: 'CHANNEL_ERROR', reason: 'boom' }])
    const r = run([{ type: 'wake', reason: 'resume' }], errored)
    expect(r.last).toContainEqual({ type: 'park-channel', reason: 'resubscribing' })
    expect(types(r.last)).toContain('open-channel')
    expect(r.state.channel.status).toBe('joining')
  })

  it('a wake during start-up retries sign-in at once; a wake while parked reopens the channel without a park', () => {
    expect(types(run([{ type: 'wake', reason: 'unlock' }], run([E.start, E.authFailed])).last)).toEqual([
      'clear-timer',
      'authenticate',
    ])
    const r = run([{ type: 'wake', reason: 'resume' }], parked())
    expect(types(r.last)).not.toContain('park-channel')
    expect(types(r.last)).toContain('open-channel')
  })

  it('resyncs in full after an absence longer than tombstones are kept, not a millisecond sooner', () => {
    const unpublished = run([...LIVE.slice(0, 5), E.done(1, false)])
    const at = (ms: number) => run([E.close, E.open, { at: ms }, E.subscribed, E.confirmed], unpublished)
    const retention = unpublished.state.config.tombstoneRetentionMs
    expect(at(retention).last).toContainEqual({ type: 'catch-up', attempt: 2, full: false })
    expect(at(retention + 1).last).toContainEqual({ type: 'catch-up', attempt: 2, full: true })
    const published = run([E.close, E.open, { at: retention * 10 }, E.subscribed, E.confirmed], run(LIVE))
    expect(published.last).toContainEqual({ type: 'catch-up', attempt: 2, full: false })
  })

  it('measures the clock skew again after a resync at most once a minute', () => {
    const again = (ms: number) =>
      run([E.close, E.open, { at: ms }, E.subscribed, E.confirmed, E.done(2)], run(LIVE))
    expect(types(again(60_000).last)).not.toContain('measure-skew')
    expect(types(again(60_001).last)).toContain('measure-skew')
    expect(types(run(LIVE.slice(0, 5)).last)).not.toContain('measure-skew')
  })
})

describe('polling instead of a socket', () => {
  const cfg = {
    reconnect: {
      baseMs: 1_000,
      capMs: 10_000,
      pollAfterFailures: 2,
      pollIntervalMs: 5_000,
      probeBaseMs: 30_000,
      probeCapMs: 300_000,
      connectTimeoutMs: 10_000,
      unreachableCapMs: 2_000,
    },
  }
  const polling = () => run([E.start, E.auth, E.open, E.close, E.open, E.close], cfg)

  it('starts polling, polls again only when no poll is running, and is live only while the channel is joined', () => {
    const p = polling()
    expect(p.state.transport).toBe('polling')
    const first = run([E.timer('poll')], p)
    expect(first.last).toContainEqual({ type: 'catch-up', attempt: 1, full: true })
    expect(run([E.timer('poll')], first).last).toEqual([])
    const merged = run([E.done(1)], first)
    expect(merged.state.sync.live).toBe(false)
    expect(delay(merged.last, 'poll')).toBe(5_000)
    expect(run([{ type: 'wake', reason: 'resume' }], merged).last).toContainEqual({
      type: 'set-timer',
      name: 'poll',
      ms: 0,
    })
    expect(types(run([{ type: 'wake', reason: 'resume' }], first).last)).not.toContain('timer:poll')
  })

  it('waits at least the poll interval after a failed poll, longer as failures add up', () => {
    let r = run([E.timer('poll')], polling())
    const waits: number[] = []
    for (let i = 1; i <= 6; i++) {
      r = run([E.failed(i)], r)
      waits.push(delay(r.last, 'poll')!)
      r = run([E.timer('poll')], r)
    }
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(5_000)
    expect(waits[0]).toBeLessThanOrEqual(5_000 + 1_000)
  })
})

describe('every backoff starts small and grows, whatever the seed', () => {
  const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1)
  /** The delays of `n` consecutive failures for each seed. */
  function delays(
    seed: number,
    first: Input[],
    again: (r: Run, i: number) => Input[],
    read: (r: Run) => number,
    n = 6,
  ) {
    let r = run(first, {}, seed)
    const out = [read(r)]
    for (let i = 1; i < n; i++) {
      r = run(again(r, i), r)
      out.push(read(r))
    }
    return out
  }
  function check(all: number[][], base: number) {
    for (const d of all) expect(d[0]).toBeLessThanOrEqual(2 * base)
    expect(Math.max(...all.map((d) => d.at(-1)!))).toBeGreaterThan(4 * base)
  }

  it('start-up', () => {
    const all = SEEDS.map((seed) =>
      delays(
        seed,
        [E.start, E.authFailed],
        () => [E.timer('start-retry'), E.authFailed],
        (r) => delay(r.last, 'start-retry')!,
      ),
    )
    check(all, 500)
  })

  it('catch-up', () => {
    const all = SEEDS.map((seed) =>
      delays(
        seed,
        [...LIVE.slice(0, 5), E.failed(1)],
        (_r, i) => [E.timer('catch-up-retry'), E.failed(i + 1)],
        (r) => delay(r.last, 'catch-up-retry')!,
      ),
    )
    check(all, 500)
  })

  it('socket reconnect (what supabase-js is told to wait)', () => {
    const all = SEEDS.map((seed) =>
      delays(
        seed,
        [E.start, E.auth, E.close],
        () => [E.close],
        (r) => r.state.socket.reconnectDelayMs,
        4,
      ),
    )
    for (const d of all) expect(d[0]).toBeLessThanOrEqual(1_000)
    expect(Math.max(...all.map((d) => d.at(-1)!))).toBeGreaterThan(2_000)
  })

  it('channel replacement', () => {
    const all = SEEDS.map((seed) =>
      delays(
        seed,
        [...LIVE, E.closedByServer],
        () => [E.timer('channel-retry'), E.subscribed, E.closedByServer],
        (r) => delay(r.last, 'channel-retry')!,
      ),
    )
    // A channel that joins and is closed again: each replacement counts from a joined channel.
    for (const d of all) expect(d[0]).toBeLessThanOrEqual(2_000)
    const growing = SEEDS.map((seed) =>
      delays(
        seed,
        [...LIVE, E.closedByServer],
        () => [E.timer('channel-retry'), { type: 'channel', status: 'CLOSED' }],
        (r) => delay(r.last, 'channel-retry')!,
      ),
    )
    expect(Math.max(...growing.map((d) => d.at(-1)!))).toBeGreaterThan(4_000)
  })

  it('socket probes while polling', () => {
    const cfg = {
      reconnect: {
        baseMs: 1_000,
        capMs: 10_000,
        pollAfterFailures: 1,
        pollIntervalMs: 5_000,
        probeBaseMs: 30_000,
        probeCapMs: 300_000,
        connectTimeoutMs: 10_000,
        unreachableCapMs: 2_000,
      },
    }
    const all = SEEDS.map((seed) => {
      let r = run([E.start, E.auth, E.close], cfg, seed)
      const out: number[] = []
      for (let i = 0; i < 4; i++) {
        r = run([E.close], r)
        out.push(r.state.socket.reconnectDelayMs)
      }
      return out
    })
    for (const d of all) expect(d[0]).toBeLessThanOrEqual(60_000)
    expect(Math.max(...all.map((d) => d.at(-1)!))).toBeGreaterThan(120_000)
  })
})
