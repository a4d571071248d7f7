// The supervisor's launcher in Electron (utilityLauncher) against the fake utilityProcess: what it forks, the
// one JSON line that makes a backend ready, a child that dies or talks nonsense before it is ready, stderr
// as the log (its last line is the reason shown), and stop() that kills and waits for the exit.
import { afterEach, describe, expect, it } from 'vitest'
import { utilityProcess, type UtilityProcess } from '../fakes/electron'
import { utilityLauncher } from '../../src/main/electron/embedded-process'
import { BackendSupervisor, superviseInto } from '../../src/main/embedded/supervisor'
import { ManualClock } from '../../src/main/core/clock.testing'
import type { BackendInfo } from '../../src/main/embedded/spawn'

const INFO: BackendInfo = {
  api_url: 'http://127.0.0.1:54321',
  anon_key: 'anon',
  service_role_key: 'service',
  demo: { email: 'sup@example.test', password: 'pw' },
}

function launcher() {
  const logs: string[] = []
  const launch = utilityLauncher({
    utilityProcess,
    entry: '/app/out/main/embedded.js',
    dataDir: '/tmp/fw-data',
    log: (line) => logs.push(line),
  })
  return { launch, logs }
}

const lastChild = (): UtilityProcess => utilityProcess.forked.at(-1)!
const tick = () => new Promise((r) => setImmediate(r))

afterEach(() => {
  utilityProcess.forked.length = 0
  utilityProcess.onFork = null
})

describe('utilityLauncher', () => {
  it('forks the entry with its data folder, no port the first time, and a service name', async () => {
    const { launch } = launcher()
    const ready = launch(null)
    const child = lastChild()
    expect(child.modulePath).toBe('/app/out/main/embedded.js')
    expect(child.args).toEqual(['--data', '/tmp/fw-data'])
    expect(child.options).toEqual({ stdio: 'pipe', serviceName: 'Floorwatch embedded backend' })
    child.stdout!.write(`${JSON.stringify(INFO)}\n`)
    expect((await ready).info).toEqual(INFO)
  })

  it('asks for the previous port again on a restart', async () => {
    const { launch } = launcher()
    void launch(54321).catch(() => undefined)
    expect(lastChild().args).toEqual(['--data', '/tmp/fw-data', '--port', '54321'])
  })

  it('passes stderr to the log, line by line, and is ready only on the JSON line', async () => {
    const { launch, logs } = launcher()
    let settled = false
    const ready = launch(null).finally(() => (settled = true))
    lastChild().stderr!.write('opening the database\nmigrations applied\n')
    await tick()
    expect(logs).toEqual(['opening the database', 'migrations applied'])
    expect(settled).toBe(false)
    lastChild().stdout!.write(`${JSON.stringify(INFO)}\n`)
    await ready
  })

  it('fails with the exit code and the last log line when the child dies before it is ready', async () => {
    const { launch } = launcher()
    const ready = launch(null)
    lastChild().stderr!.write('first line\nThe data folder is in use by another backend (pid 42)\n')
    await tick()
    lastChild().exit(3)
    await expect(ready).rejects.toThrow(
      'exited with code 3 before it was ready: The data folder is in use by another backend (pid 42)',
    )
  })

  it('fails without a log line when the child said nothing', async () => {
    const { launch } = launcher()
    const ready = launch(null)
    lastChild().exit(1)
    await expect(ready).rejects.toThrow(/^exited with code 1 before it was ready$/)
  })

  it('kills a child whose first line is not JSON and says what it printed', async () => {
    const { launch } = launcher()
    const ready = launch(null)
    lastChild().stdout!.write('Debugger listening on ws://127.0.0.1:9229\n')
    await expect(ready).rejects.toThrow(
      'printed something other than its JSON line: Debugger listening on ws://127.0.0.1:9229',
    )
    expect(lastChild().kills).toBe(1)
  })

  it('fails clearly when the child has no stdout', async () => {
    utilityProcess.onFork = (child) => void (child.stdout = null)
    const { launch } = launcher()
    await expect(launch(null)).rejects.toThrow('the backend process has no stdout')
  })

  it('reports a later exit with its code and last log line, and stop() kills and waits for it', async () => {
    const { launch } = launcher()
    const ready = launch(null)
    const child = lastChild()
    child.stdout!.write(`${JSON.stringify(INFO)}\n`)
    const backend = await ready
    child.stderr!.write('serving\n')
    await tick()
    child.killExitCode = 15
    let stopped = false
    const stopping = backend.stop().then(() => (stopped = true))
    expect(child.kills).toBe(1)
    expect(stopped).toBe(false)
    await stopping
    await expect(backend.exited).resolves.toEqual({ code: 15, signal: null, lastLog: 'serving' })
  })

  it('lets the supervisor start a crashed backend again on the same port', async () => {
    const { launch } = launcher()
    const clock = new ManualClock()
    const downs: string[] = []
    const supervisor = new BackendSupervisor({
      launch,
      clock,
      random: () => 0.5,
      onReady: () => undefined,
      onDown: (reason) => downs.push(reason),
    })
    const first = supervisor.start()
    lastChild().stdout!.write(`${JSON.stringify(INFO)}\n`)
    await first
    lastChild().stderr!.write('out of memory\n')
    await tick()
    lastChild().exit(134)
    await tick()
    expect(downs).toEqual(['The embedded backend exited with code 134: out of memory'])
    clock.advance(60_000)
    await tick()
    expect(utilityProcess.forked).toHaveLength(2)
    expect(lastChild().args).toEqual(['--data', '/tmp/fw-data', '--port', '54321'])
    await supervisor.stop()
  })
})

// The launcher under the supervisor, as src/main/index.ts wires it: the reason a backend went down reaches the
// console's note, each restart waits out its backoff (and not a millisecond less), and quitting stops it.
describe('the embedded backend supervised in a utilityProcess', () => {
  function supervised() {
    const { launch } = launcher()
    const clock = new ManualClock()
    const notes: (string | null)[] = []
    const logs: string[] = []
    const supervisor = superviseInto(
      {
        useProject: async () => undefined,
        setBackendNote: (note) => notes.push(note),
        wake: () => undefined,
      },
      { launch, clock, random: () => 0.999, log: (m) => logs.push(m) },
    )
    /** The exact delay before the next start, from the supervisor's log line. */
    const delay = () => Number(/starting it again in (\d+) ms$/.exec(logs.at(-1) ?? '')?.[1])
    return { supervisor, clock, notes, delay }
  }
  const ready = async () => {
    lastChild().stdout!.write(`${JSON.stringify(INFO)}\n`)
    await tick()
  }
  const crash = async (code: number, lastLog: string) => {
    lastChild().stderr!.write(`${lastLog}\n`)
    await tick()
    lastChild().exit(code)
    await tick()
  }

  it('starts a child again after each death, waiting longer each time, and shows why it went down', async () => {
    const { supervisor, clock, notes, delay } = supervised()
    const started = supervisor.start()
    await ready()
    await started
    const waits: number[] = []
    for (let death = 1; death <= 4; death++) {
      await crash(134, `fatal error ${death}`)
      expect(notes.at(-1)).toMatch(
        new RegExp(
          `^The embedded backend exited with code 134: fatal error ${death}; starting it again in \\d+ s$`,
        ),
      )
      const forked = utilityProcess.forked.length
      const wait = delay()
      expect(notes.at(-1)).toContain(`in ${Math.ceil(wait / 1000)} s`)
      clock.advance(wait - 1) // a millisecond early: nothing is forked yet
      await tick()
      expect(utilityProcess.forked).toHaveLength(forked)
      clock.advance(1)
      await tick()
      expect(utilityProcess.forked).toHaveLength(forked + 1)
      expect(lastChild().args).toEqual(['--data', '/tmp/fw-data', '--port', '54321'])
      await ready()
      expect(notes.at(-1)).toBeNull()
      waits.push(wait)
    }
    expect(waits).toEqual([...waits].sort((a, b) => a - b))
    expect(waits[0]).toBeLessThan(waits[3]!)
    expect(supervisor.restarts).toBe(4)
    await supervisor.stop()
  })

  it('retries a child that dies before it is ready, with the reason it gave', async () => {
    const { supervisor, clock, notes, delay } = supervised()
    void supervisor.start()
    await crash(3, 'The data folder is in use by another backend (pid 42)')
    expect(notes.at(-1)).toMatch(
      /^The embedded backend did not start: exited with code 3 before it was ready: The data folder is in use by another backend \(pid 42\); starting it again in \d+ s$/,
    )
    clock.advance(delay())
    await tick()
    expect(utilityProcess.forked).toHaveLength(2)
    await supervisor.stop()
  })

  it('on quit kills the running child, waits for its exit, and starts no other', async () => {
    const { supervisor, clock } = supervised()
    const started = supervisor.start()
    await ready()
    await started
    const child = lastChild()
    let stopped = false
    const stopping = supervisor.stop().then(() => (stopped = true))
    expect(child.kills).toBe(1)
    expect(stopped).toBe(false)
    await stopping
    clock.advance(10 * 60_000)
    await tick()
    expect(utilityProcess.forked).toHaveLength(1)
  })

  it('on quit while waiting to restart, cancels the restart and leaves no timer', async () => {
    const { supervisor, clock } = supervised()
    const started = supervisor.start()
    await ready()
    await started
    await crash(1, 'gone')
    await supervisor.stop()
    expect(clock.pending).toBe(0) // no timer left to hold the process open after quit
    clock.advance(10 * 60_000)
    await tick()
    expect(utilityProcess.forked).toHaveLength(1)
  })

  it('on quit while a child is still starting, kills it once it answers and keeps no backend', async () => {
    const { supervisor, clock, notes } = supervised()
    void supervisor.start()
    const child = lastChild()
    await supervisor.stop()
    await ready()
    expect(child.kills).toBe(1)
    expect(notes).toEqual([])
    expect(supervisor.info).toBeNull()
    clock.advance(10 * 60_000)
    await tick()
    expect(utilityProcess.forked).toHaveLength(1)
  })
})
