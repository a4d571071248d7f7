// Starts the headless console (`npm run serve`) on a free port for a browser test and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

export interface RunningConsole {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

export function startConsole(args: string[] = []): Promise<RunningConsole> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/server/cli.ts'), '--port', '0', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const errors: string[] = []
  createInterface({ input: child.stderr! }).on('line', (l) => errors.push(l))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start:\n${errors.join('\n')}`)), 60_000)
    child.once('exit', (code) => reject(new Error(`console exited with ${code}:\n${errors.join('\n')}`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(http:\/\/\S+)/.exec(line)
      if (!m) return
      clearTimeout(timer)
      resolve({
        url: m[1]!,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}
