// The embedded backend's supervisor: a backend that does not start or dies is started again with backoff,
// forever, on the same port where it can be, and the console it feeds follows (a new project when the URL
// or keys changed, an immediate probe when they did not) and shows why it is down meanwhile.
import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/main/core/clock.testing'
import {
  BackendSupervisor,
  describeExit,
  superviseInto,
  type LaunchedBackend,
} from '../../src/main/embedded/supervisor'
import type { BackendInfo } from '../../src/main/embedded/spawn'

type Exit = { code: number | null; signal: string | null; lastLog: string | null }

/** A launcher whose runs the test ends (or fails) at will. */
function fakeLauncher() {
  const runs: { port: number | null; exit(e: Exit): void; stopped: boolean }[] = []
  const outcomes: (Error | BackendInfo)[] = []
  let port = 50_000
  const launch = async (wanted: number | null): Promise<LaunchedBackend> => {
    const next = outcomes.shift()
    if (next instanceof Error) throw next
    const used = wanted ?? ++port
    let exit!: (e: Exit) => void
    const exited = new Promise<Exit>((resolve) => (exit = resolve))
    const run = { port: wanted, exit, stopped: false }
    runs.push(run)
    const info = next ?? info_(used, 'anon-1')
    return {
      info,
      exited,
      stop: async () => void ((run.stopped = true), exit({ code: 0, signal: null, lastLog: null })),
    }
  }
  return { launch, runs, outcomes }
}

const info_ = (port: number, key: string): BackendInfo => ({
  api_url: `http://127.0.0.1:${port}`,
  anon_key: key,
  service_role_key: 'never-used',
  demo: { email: 'demo@floorwatch.local', password: 'pw' },
})

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

describe('backend supervisor', () => {
  it('starts the backend again on the same port after it dies, with growing backoff, forever', async () => {
    const clock = new ManualClock()
    const { launch, runs } = fakeLauncher()
    const downs: [string, number][] = []
    const readies: boolean[] = []
    const sup = new BackendSupervisor({
      launch,
      clock,
      random: () => 0.999,
      onReady: (_i, restarted) => readies.push(restarted),
      onDown: (reason, ms) => downs.push([reason, ms]),
    })
    const first = await sup.start()
    expect(first.api_url).toBe('http://127.0.0.1:50001')
    for (let i = 0; i < 8; i++) {
      runs.at(-1)!.exit({ code: 1, signal: null, lastLog: 'RangeError: out of memory' })
      await flush()
      clock.advance(downs.at(-1)![1])
      await flush()
    }
    expect(readies).toEqual([false, true, true, true, true, true, true, true, true])
    expect(runs.slice(1).every((r) => r.port === 50_001)).toBe(true)
    expect(downs[0]![0]).toBe('The embedded backend exited with code 1: RangeError: out of memory')
    const delays = downs.map(([, ms]) => ms)
    expect(delays[0]).toBeLessThan(delays.at(-1)!)
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_500)
    expect(sup.restarts).toBe(8)
  })

  it('keeps trying when the backend does not start, and takes a free port when its own is taken', async () => {
    const clock = new ManualClock()
    const { launch, runs, outcomes } = fakeLauncher()
    const downs: string[] = []
    const sup = new BackendSupervisor({ launch, clock, onReady: () => {}, onDown: (r) => downs.push(r) })
    await sup.start()
    outcomes.push(new Error('Port 50001 is in use (EADDRINUSE)\nmore'), new Error('boom'))
    runs[0]!.exit({ code: null, signal: 'SIGKILL', lastLog: null })
    for (let i = 0; i < 3; i++) {
      await flush()
      clock.advance(60_000)
      await flush()
    }
    expect(downs).toEqual([
      'The embedded backend was killed (SIGKILL)',
      'The embedded backend did not start: Port 50001 is in use (EADDRINUSE)',
      'The embedded backend did not start: boom',
    ])
    expect(runs.at(-1)!.port).toBeNull()
  })

  it('stops for good: no restart after stop()', async () => {
    const clock = new ManualClock()
    const { launch, runs } = fakeLauncher()
    const sup = new BackendSupervisor({ launch, clock, onReady: () => {}, onDown: () => {} })
    await sup.start()
    await sup.stop()
    expect(runs[0]!.stopped).toBe(true)
    clock.advance(120_000)
    await flush()
    expect(runs).toHaveLength(1)
  })

  it('feeds a console: the first project, a probe when it comes back unchanged, a new project when it moved', async () => {
    const clock = new ManualClock()
    const { launch, runs, outcomes } = fakeLauncher()
    const said: string[] = []
    const sup = superviseInto(
      {
        useProject: async (t) => void said.push(`project ${t.url} ${t.anonKey} ${t.credentials?.email}`),
        setBackendNote: (n) => said.push(`note ${n}`),
        wake: (r) => said.push(`wake ${r}`),
      },
      { launch, clock, random: () => 0 },
    )
    await sup.start()
    runs[0]!.exit({ code: 1, signal: null, lastLog: null })
    await flush()
    clock.advance(1_000)
    await flush()
    outcomes.push(info_(50_001, 'anon-2')) // same port, new keys: an ephemeral backend
    runs[1]!.exit({ code: 1, signal: null, lastLog: null })
    await flush()
    clock.advance(1_000)
    await flush()
    expect(said).toEqual([
      'note null',
      'project http://127.0.0.1:50001 anon-1 demo@floorwatch.local',
      'note The embedded backend exited with code 1; starting it again in 1 s',
      'note null',
      'wake backend-restarted',
      'note The embedded backend exited with code 1; starting it again in 1 s',
      'note null',
      'project http://127.0.0.1:50001 anon-2 demo@floorwatch.local',
    ])
  })

  it('says how a process ended', () => {
    expect(describeExit({ code: 3, signal: null, lastLog: null })).toBe(
      'The embedded backend exited with code 3',
    )
    expect(describeExit({ code: null, signal: 'SIGTERM', lastLog: 'x' })).toBe(
      'The embedded backend was killed (SIGTERM): x',
    )
  })
})
