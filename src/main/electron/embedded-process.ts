// The supervisor's launcher in Electron: the embedded backend runs in a utilityProcess (its own process,
// out of the main process's event loop), prints its one JSON line on stdout, and logs on stderr.
import { createInterface } from 'node:readline'
import type { LaunchedBackend } from '../embedded/supervisor'
import type { BackendInfo } from '../embedded/spawn'

/** What this file needs of Electron's utilityProcess (the real one, or a fake in tests). */
export interface UtilityProcessLike {
  fork(
    modulePath: string,
    args: string[],
    options: { stdio: 'pipe'; serviceName: string },
  ): {
    stdout: NodeJS.ReadableStream | null
    stderr: NodeJS.ReadableStream | null
    once(event: 'exit', listener: (code: number) => void): unknown
    kill(): boolean
  }
}

export interface EmbeddedProcessOptions {
  utilityProcess: UtilityProcessLike
  entry: string
  dataDir: string
  log(line: string): void
}

export function utilityLauncher(o: EmbeddedProcessOptions) {
  return (port: number | null): Promise<LaunchedBackend> =>
    new Promise((resolve, reject) => {
      const args = ['--data', o.dataDir, ...(port ? ['--port', String(port)] : [])]
      const child = o.utilityProcess.fork(o.entry, args, {
        stdio: 'pipe',
        serviceName: 'Floorwatch embedded backend',
      })
      let lastLog: string | null = null
      if (child.stderr) {
        createInterface({ input: child.stderr }).on('line', (line) => {
          lastLog = line
          o.log(line)
        })
      }
      const exited = new Promise<{ code: number | null; signal: string | null; lastLog: string | null }>(
        (done) => child.once('exit', (code) => done({ code, signal: null, lastLog })),
      )
      void exited.then((e) =>
        reject(
          new Error(`exited with code ${e.code} before it was ready${e.lastLog ? `: ${e.lastLog}` : ''}`),
        ),
      )
      if (!child.stdout) return reject(new Error('the backend process has no stdout'))
      createInterface({ input: child.stdout }).once('line', (line) => {
        let info: BackendInfo
        try {
          info = JSON.parse(line) as BackendInfo
        } catch {
          child.kill()
          return reject(new Error(`printed something other than its JSON line: ${line.slice(0, 200)}`))
        }
        resolve({
          info,
          exited,
          stop: async () => {
            child.kill()
            await exited
          },
        })
      })
    })
}
