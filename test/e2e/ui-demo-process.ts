// Starts scripts/ui-demo.ts (the headless console over a synthetic live floor) for a browser test, and
// drives its connection state through stdin.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

export interface UiDemoProcess {
  url: string
  wallUrl: string
  setState(state: 'LIVE' | 'CONNECTING' | 'DEGRADED' | 'STALE' | 'OFFLINE'): void
  stop(): Promise<void>
}

export function startUiDemoProcess(args: string[] = []): Promise<UiDemoProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/ui-demo.ts'), ...args],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  const errors: string[] = []
  createInterface({ input: child.stderr! }).on('line', (l) => errors.push(l))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ui demo did not start:\n${errors.join('\n')}`)), 60_000)
    child.once('exit', (code) => reject(new Error(`ui demo exited with ${code}:\n${errors.join('\n')}`)))
    let url = ''
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /(http:\/\/\S+)/.exec(line)
      if (!m) return
      if (!url) return void (url = m[1]!)
      clearTimeout(timer)
      resolve({
        url,
        wallUrl: m[1]!,
        setState: (state) => child.stdin!.write(`state ${state}\n`),
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
