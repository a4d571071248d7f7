// A full disk, for real: the backend's data folder on a small tmpfs that the test fills up. Writes fail
// with a clear "disk full" error while reads and /health keep answering, writing resumes once there is room,
// SIGTERM stops the backend, and a restart on a full disk says "disk full", not "damaged, move it aside".
// The last resort, the watchdog, is shown ending a process whose main thread is stuck.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { ROOT } from '../../src/main/embedded/paths'
import { eventually } from '../helpers/backend'
import { fill, smallDisk } from '../helpers/disk'

const cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!()
})

const MB = 1_048_576

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/embedded/cli.ts'), ...args],
    {
      cwd: ROOT,
    },
  )
  let stderr = ''
  child.stderr.on('data', (d) => (stderr += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })))
}

async function start(data: string): Promise<SpawnedBackend> {
  const b = await spawnBackend({
    args: ['--rate', '0', '--no-demo', '--data', data, '--disk-reserve-mb', '48'],
  })
  cleanup.push(() => b.stop('SIGKILL'))
  return b
}

const insertOrg = (b: SpawnedBackend, name: string): Promise<Response> =>
  fetch(`${b.info.api_url}/rest/v1/orgs`, {
    method: 'POST',
    headers: {
      apikey: b.info.service_role_key,
      authorization: `Bearer ${b.info.service_role_key}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name }),
  })

const orgNames = async (b: SpawnedBackend): Promise<string[]> => {
  const key = b.info.service_role_key
  const res = await fetch(`${b.info.api_url}/rest/v1/orgs?select=name&order=name`, {
    headers: { apikey: key, authorization: `Bearer ${key}` },
  })
  return ((await res.json()) as { name: string }[]).map((r) => r.name)
}

describe('a full disk', () => {
  it('fails writes with "disk full", stays responsive, resumes, stops on SIGTERM and restarts safely', async (t) => {
    const disk = smallDisk((fn) => cleanup.push(fn))
    if ('skip' in disk) return t.skip(disk.skip)
    const data = join(disk.dir, 'db')
    const b = await start(data)
    expect((await insertOrg(b, 'Before')).status).toBe(201)

    fill(disk.dir, 8 * MB)
    await eventually(async () => {
      const health = await fetch(`${b.info.api_url}/health`)
      expect(health.status).toBe(503)
      expect(await health.json()).toMatchObject({ status: 'disk full' })
      return true
    })
    const refused = await insertOrg(b, 'Refused')
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as { code: string; message: string }
    expect(body.code).toBe('53100')
    expect(body.message).toMatch(new RegExp(`^disk full: \\d+\\.\\d MB free on the disk holding ${data};`))
    expect(await orgNames(b)).toEqual(['Before']) // reads still work

    rmSync(join(disk.dir, 'filler'))
    await eventually(async () => (await fetch(`${b.info.api_url}/health`)).status === 200)
    expect((await insertOrg(b, 'After')).status).toBe(201)

    fill(disk.dir, 4 * MB)
    const stoppedAt = Date.now()
    expect(await b.stop('SIGTERM')).toBe(0)
    expect(Date.now() - stoppedAt).toBeLessThan(8_000)

    const full = await runCli(['--data', data, '--rate', '0', '--disk-reserve-mb', '48'])
    expect(full.code).toBe(1)
    expect(full.stderr).toContain(`The disk holding the data folder ${data} is full`)
    expect(full.stderr).toContain('The data in the folder is intact')
    expect(full.stderr).not.toContain('move it aside')

    rmSync(join(disk.dir, 'filler'))
    const again = await start(data)
    expect(await orgNames(again)).toEqual(['After', 'Before'])
  })
})

describe('the watchdog', () => {
  const IMPORT = `import { startWatchdog } from ${JSON.stringify(join(ROOT, 'src/main/embedded/watchdog.ts'))}`

  /** Runs `body` (an ES module that may use startWatchdog) in its own process until it ends. */
  async function run(body: string): Promise<{ signal: unknown; stdout: string; stderr: string; ms: number }> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `${IMPORT}\n${body}`],
      {
        cwd: ROOT,
      },
    )
    cleanup.push(() => void child.kill('SIGKILL'))
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => (stdout += d))
    const started = Date.now()
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)))
    return { signal, stdout, stderr, ms: Date.now() - started }
  }

  it('ends a process whose main thread is stuck, saying why on stderr', async () => {
    const r = await run(`
      process.on('SIGTERM', () => {})
      startWatchdog({ stallMs: 1000, dataDir: ${JSON.stringify(tmpdir())} })
      setTimeout(() => { for (;;) {} }, 300)
    `)
    expect(r.signal).toBe('SIGKILL')
    expect(r.ms).toBeLessThan(15_000)
    expect(r.stderr).toContain('[backend] error: the backend has been unresponsive for 1 s')
    expect(r.stderr).toContain(`MB are free on the disk holding ${tmpdir()}`)
  })

  it('allows opening the database longer than a request, then holds the backend to the short limit', async () => {
    // Blocked 2.5 s while starting (allowed: 6 s), then ready, then blocked for good (allowed: 1 s).
    const r = await run(`
      const dog = startWatchdog({ stallMs: 1000, startupStallMs: 6000 })
      setTimeout(() => {
        const until = Date.now() + 2500
        while (Date.now() < until) {}
        process.stdout.write('opened\\n')
        dog.ready()
        setTimeout(() => { for (;;) {} }, 300)
      }, 300)
    `)
    expect(r.stdout).toBe('opened\n')
    expect(r.signal).toBe('SIGKILL')
    expect(r.stderr).toContain('unresponsive for 1 s (its database engine is stuck)')
  })

  it('ends a start-up that stalls past its own allowance, saying it was starting', async () => {
    const r = await run(`
      startWatchdog({ stallMs: 500, startupStallMs: 1500 })
      setTimeout(() => { for (;;) {} }, 300)
    `)
    expect(r.signal).toBe('SIGKILL')
    expect(r.stderr).toContain('unresponsive for 2 s while starting (its database engine is stuck)')
  })
})
