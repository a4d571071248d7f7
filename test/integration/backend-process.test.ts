// `npm run backend` as a process: one JSON line of credentials, clean shutdown on signals and when its
// parent dies, persistence in a data folder, clear errors for bad flags and a damaged data folder.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { ROOT } from '../../src/main/embedded/paths'
import WebSocket from 'ws'
import { createClient } from '@supabase/supabase-js'
import { eventually } from '../helpers/backend'

const cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floorwatch-backend-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function start(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedBackend> {
  const b = await spawnBackend({ args: ['--rate', '0', ...args], env })
  cleanup.push(() => b.stop('SIGKILL'))
  return b
}

function runCli(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/embedded/cli.ts'), ...args],
    { cwd: ROOT },
  )
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.on('data', (d) => (stdout += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })))
}

describe('npm run backend', () => {
  it('prints exactly one JSON line with URL, keys and the demo account, then serves', async () => {
    const b = await start(['--ephemeral'])
    expect(b.info.api_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(b.info.anon_key.split('.')).toHaveLength(3)
    expect(b.info.service_role_key).not.toEqual(b.info.anon_key)
    expect(b.info.demo).toEqual({ email: 'demo@floorwatch.local', password: expect.any(String) })
    const res = await fetch(`${b.info.api_url}/health`)
    expect(res.status).toBe(200)
  })

  it('gives credentials with which supabase-js signs in, subscribes, reads and writes', async () => {
    const b = await start(['--ephemeral'])
    const options = { auth: { persistSession: false }, realtime: { transport: WebSocket as never } }
    const user = createClient(b.info.api_url, b.info.anon_key, options)
    const server = createClient(b.info.api_url, b.info.service_role_key, options)
    cleanup.push(() => user.removeAllChannels())
    const { error: signInError } = await user.auth.signInWithPassword(b.info.demo!)
    expect(signInError).toBeNull()
    const { data: orgs } = await user.from('orgs').select('id, name')
    expect(orgs).toHaveLength(1)
    const seen: string[] = []
    await new Promise<void>((resolve) =>
      user
        .channel('t')
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'monitors' }, (p) =>
          seen.push(String(p.new.name)),
        )
        .on('system', {}, (m: { status?: string }) => m.status === 'ok' && resolve())
        .subscribe(),
    )
    const { error: writeError } = await server
      .from('monitors')
      .insert({ org_id: orgs![0]!.id, name: 'Probe' })
    expect(writeError).toBeNull()
    await eventually(() => seen.includes('Probe'), 10_000, 'the insert over Realtime')
  })

  it('stops cleanly on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const b = await start(['--ephemeral'])
      expect(await b.stop(signal)).toBe(0)
    }
  })

  it('exits by itself when its parent process dies', async () => {
    const parent = spawn('sleep', ['60'])
    const b = await start(['--ephemeral'], { FLOORWATCH_PARENT_PID: String(parent.pid) })
    const exited = new Promise<number | null>((resolve) => b.child.once('exit', resolve))
    parent.kill('SIGKILL')
    expect(await exited).toBe(0)
  })

  it('keeps its data and keys across restarts on the same data folder', async () => {
    const dir = tempDir()
    const first = await start(['--data', dir])
    const org = await fetch(`${first.info.api_url}/rest/v1/orgs?select=id,name`, {
      headers: {
        apikey: first.info.service_role_key,
        Authorization: `Bearer ${first.info.service_role_key}`,
      },
    })
    const orgs = (await org.json()) as unknown[]
    expect(orgs.length).toBeGreaterThan(0)
    expect(await first.stop()).toBe(0)
    const second = await start(['--data', dir])
    expect(second.info.anon_key).toEqual(first.info.anon_key)
    const again = await fetch(`${second.info.api_url}/rest/v1/orgs?select=id,name`, {
      headers: {
        apikey: second.info.service_role_key,
        Authorization: `Bearer ${second.info.service_role_key}`,
      },
    })
    expect(await again.json()).toEqual(orgs)
  })

  it('refuses bad flags with a specific message and exit code 2', async () => {
    const r = await runCli(['--port', 'eighty'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--port must be a number from 0 to 65535 (got "eighty")')
    expect(r.stdout).toBe('')
  })

  it('reports a damaged data folder clearly and leaves its files untouched', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'PG_VERSION'), 'not a postgres cluster\n')
    const before = readdirSync(dir)
    const r = await runCli(['--data', dir, '--rate', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('could not start')
    expect(r.stderr).toContain(dir)
    expect(r.stdout).toBe('')
    expect(readdirSync(dir)).toEqual(before)
  })
})
