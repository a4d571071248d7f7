// Back to LIVE after a backend restart. The embedded backend (its own process, a data folder) is killed
// with SIGKILL and started again on the same port and folder; measured: from the new backend answering
// (its ready line, printed once it listens) to the console's health being LIVE. Three ways:
// - supervised: the supervisor of `npm run serve` and Electron (superviseInto) restarts it and wakes the
//   console, which probes at once;
// - direct: someone else restarts it (as a cloud project comes back); the console finds out by its own
//   reconnect policy (1 s base, 10 s cap, REST polling after 5 failed attempts);
// - through a TCP proxy: the same, with a proxy between console and backend that stays up meanwhile
//   (connections accepted and dropped while the backend is down: not the refusal the console sees directly).
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Console } from '../../src/main/core/console'
import { systemClock } from '../../src/main/core/clock'
import { nodeLauncher, spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { superviseInto } from '../../src/main/embedded/supervisor'
import { startTcpProxy } from '../../test/helpers/tcp-proxy'
import { percentile, sleep } from '../stats'
import { benchConsole, benchLog, load1, until } from './fixtures'

export type RestartVariant = 'supervised' | 'direct' | 'proxy'

interface Round {
  /** Kill → the new backend answering. */
  downMs: number
  /** The new backend answering → the console LIVE. */
  liveMs: number
  /** Health states the console went through meanwhile. */
  states: string[]
  load1: number
}

const LIVE_TIMEOUT_MS = 120_000

async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as AddressInfo
  await new Promise<void>((resolve) => s.close(() => resolve()))
  return port
}

function watchStates(engine: Console): { take(): string[] } {
  let seen: string[] = []
  engine.onHealth((h) => {
    const s = `${h.state}: ${h.reason}`
    if (seen.at(-1) !== s) seen.push(s)
  })
  return {
    take: () => {
      const out = seen
      seen = []
      return out
    },
  }
}

const isLive = (engine: Console) => engine.health().state === 'LIVE'

/** Someone else restarts the backend: the console is pointed at it (or at a proxy in front of it). */
async function unsupervised(rounds: number, viaProxy: boolean): Promise<Round[]> {
  const data = await mkdtemp(join(tmpdir(), 'fw-bench-restart-'))
  const args = ['--data', data, '--rate', '0', '--port', String(await freePort())]
  let backend: SpawnedBackend = await spawnBackend({ args })
  const proxy = viaProxy ? await startTcpProxy({ port: Number(new URL(backend.info.api_url).port) }) : null
  const engine = benchConsole(backend.info, proxy?.url ?? backend.info.api_url)
  const states = watchStates(engine)
  const out: Round[] = []
  try {
    await engine.start()
    await until(() => isLive(engine), LIVE_TIMEOUT_MS, 'LIVE at first', 20)
    for (let i = 0; i < rounds; i++) {
      await sleep(1_000)
      states.take()
      const killedAt = Date.now()
      backend.child.kill('SIGKILL')
      await backend.stop()
      await until(() => !isLive(engine), 30_000, 'the console noticing', 5)
      backend = await spawnBackend({ args })
      const readyAt = Date.now()
      const liveAt = await until(() => isLive(engine), LIVE_TIMEOUT_MS, 'LIVE again')
      out.push({
        downMs: readyAt - killedAt,
        liveMs: liveAt - readyAt,
        states: states.take(),
        load1: load1(),
      })
      console.log(
        `restart ${viaProxy ? 'proxy' : 'direct'} #${i + 1}: LIVE ${liveAt - readyAt} ms after ready`,
      )
    }
  } finally {
    await engine.stop()
    await proxy?.close()
    await backend.stop()
    await rm(data, { recursive: true, force: true })
  }
  return out
}

function backendChildren(): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'embedded/cli.ts'], {
      encoding: 'utf8',
    })
    return out.split('\n').map(Number).filter(Boolean)
  } catch {
    return []
  }
}

/** The shells' way: a supervisor restarts the backend with backoff and wakes the console when it answers. */
async function supervised(rounds: number): Promise<Round[]> {
  const data = await mkdtemp(join(tmpdir(), 'fw-bench-restart-'))
  const engine = benchConsole(null, null, { embedded: true })
  const states = watchStates(engine)
  let readyAt = 0
  const supervisor = superviseInto(
    {
      useProject: (target) => {
        readyAt = Date.now()
        return engine.useProject(target)
      },
      setBackendNote: (note) => engine.setBackendNote(note),
      wake: (reason) => {
        readyAt = Date.now()
        engine.wake(reason)
      },
    },
    {
      launch: nodeLauncher({ args: ['--data', data, '--rate', '0'] }),
      clock: systemClock,
      log: benchLog.warn,
    },
  )
  const out: Round[] = []
  try {
    void supervisor.start()
    await engine.start()
    await until(() => isLive(engine), LIVE_TIMEOUT_MS, 'LIVE at first', 20)
    for (let i = 0; i < rounds; i++) {
      await sleep(1_000)
      const [pid, ...others] = backendChildren()
      if (!pid || others.length) throw new Error(`expected one backend process, found ${[pid, ...others]}`)
      states.take()
      readyAt = 0
      const killedAt = Date.now()
      process.kill(pid, 'SIGKILL')
      await until(() => readyAt > 0, LIVE_TIMEOUT_MS, 'the supervisor restarting the backend', 5)
      const liveAt = await until(() => isLive(engine), LIVE_TIMEOUT_MS, 'LIVE again')
      out.push({
        downMs: readyAt - killedAt,
        liveMs: liveAt - readyAt,
        states: states.take(),
        load1: load1(),
      })
      console.log(`restart supervised #${i + 1}: LIVE ${liveAt - readyAt} ms after ready`)
    }
  } finally {
    await engine.stop()
    await supervisor.stop()
    await rm(data, { recursive: true, force: true })
  }
  return out
}

export async function restartScenario(variant: RestartVariant, rounds: number) {
  const runs =
    variant === 'supervised' ? await supervised(rounds) : await unsupervised(rounds, variant === 'proxy')
  const live = runs.map((r) => r.liveMs).sort((a, b) => a - b)
  return {
    variant,
    rounds: runs.length,
    liveAfterReadyMs: { p50: percentile(live, 50), max: live.at(-1) ?? NaN },
    downMs: {
      p50: percentile(
        runs.map((r) => r.downMs).sort((a, b) => a - b),
        50,
      ),
    },
    load1: { min: Math.min(...runs.map((r) => r.load1)), max: Math.max(...runs.map((r) => r.load1)) },
    runs,
  }
}
