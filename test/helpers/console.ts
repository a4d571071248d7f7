// Starts the headless console (`npm run serve`) on a free port for a browser test and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..', '..')

export interface RunningConsole {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Never the user's own folders: a backend without --data (or a project) is ephemeral, and a console that
 * keeps anything keeps it in a temporary folder of its own, removed when it stops (unless given --cache).
 */
function isolated(args: string[]): { args: string[]; cleanup: () => void } {
  const has = (flag: string) => args.includes(flag)
  const extra = has('--data') || has('--ephemeral') || has('--supabase-url') ? [] : ['--ephemeral']
  if (has('--cache') || [...args, ...extra].includes('--ephemeral')) {
    return { args: [...args, ...extra], cleanup: () => {} }
  }
  const dir = mkdtempSync(join(tmpdir(), 'fw-console-'))
  return {
    args: [...args, ...extra, '--cache', dir],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export function startConsole(given: string[] = []): Promise<RunningConsole> {
  const { args, cleanup } = isolated(given)
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/server/cli.ts'), '--port', '0', ...args],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  child.once('exit', cleanup)
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
