// Starts the headless console (`npm run serve`) on a free port for a browser test and stops it afterwards.
// It never touches ~/.local/share/floorwatch: unless the test names its own store (--data, --ephemeral) or a
// real project, the embedded backend gets a temporary data folder, and XDG_DATA_HOME points into it too;
// the folder is removed when the console stops.
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

const OWN_STORE = ['--data', '--ephemeral', '--supabase-url']

/** The arguments with a temporary --data folder added when the test did not choose a store itself. */
export function withTemporaryData(args: string[], tempDir: string): string[] {
  if (args.some((a) => OWN_STORE.includes(a.split('=')[0]!))) return args
  return [...args, '--data', join(tempDir, 'embedded')]
}

export function startConsole(args: string[] = []): Promise<RunningConsole> {
  const tempDir = mkdtempSync(join(tmpdir(), 'floorwatch-console-'))
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src/main/server/cli.ts'),
      '--port',
      '0',
      ...withTemporaryData(args, tempDir),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_DATA_HOME: join(tempDir, 'xdg') },
    },
  )
  child.once('exit', () => rmSync(tempDir, { recursive: true, force: true }))
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

/** The arguments that point a console at a spawned backend, signed in as its demo supervisor. */
export function demoSupervisorArgs(info: { api_url: string; anon_key: string }): string[] {
  return [
    '--supabase-url',
    info.api_url,
    '--anon-key',
    info.anon_key,
    '--email',
    'demo@floorwatch.local',
    '--password',
    'floorwatch-demo',
  ]
}
