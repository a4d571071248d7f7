// Starts the embedded backend in its own process (child_process, from plain Node: tests, the headless
// console) and waits for its one JSON line.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { ROOT } from './paths'

export interface BackendInfo {
  api_url: string
  anon_key: string
  service_role_key: string
  demo: { email: string; password: string } | null
}

export interface SpawnedBackend {
  info: BackendInfo
  child: ChildProcess
  /** Recent stderr lines, for error messages. */
  logs(): string[]
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

export interface SpawnOptions {
  args?: string[]
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  /** Forward the backend's stderr to ours. */
  inheritLogs?: boolean
}

export function spawnBackend(opts: SpawnOptions = {}): Promise<SpawnedBackend> {
  const entry = join(ROOT, 'src', 'main', 'embedded', 'cli.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...(opts.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, FLOORWATCH_PARENT_PID: String(process.pid), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logs.push(line)
    if (logs.length > 200) logs.shift()
    if (opts.inheritLogs) process.stderr.write(`${line}\n`)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(
          `The embedded backend did not start within ${opts.timeoutMs ?? 60_000} ms.\n${logs.join('\n')}`,
        ),
      )
    }, opts.timeoutMs ?? 60_000)
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer)
      reject(
        new Error(`The embedded backend exited with code ${code} before it was ready.\n${logs.join('\n')}`),
      )
    }
    child.once('exit', exitedEarly)
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer)
      let info: BackendInfo
      try {
        info = JSON.parse(line) as BackendInfo
      } catch {
        child.kill('SIGKILL')
        return reject(new Error(`The embedded backend printed something other than its JSON line: ${line}`))
      }
      child.off('exit', exitedEarly)
      resolve({
        info,
        child,
        logs: () => [...logs],
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
      })
    })
  })
}

/** The supervisor's launcher for plain Node: one child process per run, on `port` when given. */
export function nodeLauncher(opts: SpawnOptions = {}) {
  return async (port: number | null) => {
    const backend = await spawnBackend({
      ...opts,
      args: [...(opts.args ?? []), ...(port ? ['--port', String(port)] : [])],
    })
    const exited = new Promise<{ code: number | null; signal: string | null; lastLog: string | null }>(
      (resolve) => {
        const done = () =>
          resolve({
            code: backend.child.exitCode,
            signal: backend.child.signalCode,
            lastLog: backend.logs().at(-1) ?? null,
          })
        if (backend.child.exitCode !== null || backend.child.signalCode !== null) done()
        else backend.child.once('exit', done)
      },
    )
    return { info: backend.info, exited, stop: async () => void (await backend.stop()) }
  }
}
