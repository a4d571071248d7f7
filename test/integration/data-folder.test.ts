// The data folder as real files and real processes: one backend per folder (a second one refuses, naming
// the holder's pid; a dead holder's lock is taken over), nothing is ever written into a folder that is not
// a Floorwatch database, owner-only permissions, and damaged pages refused before anything is modified.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { spawnBackend, type SpawnedBackend } from '../../src/main/embedded/spawn'
import { ROOT } from '../../src/main/embedded/paths'

const cleanup: Array<() => Promise<unknown> | void> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!()
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'floorwatch-folder-'))
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function start(dir: string): Promise<SpawnedBackend> {
  const b = await spawnBackend({ args: ['--rate', '0', '--no-demo', '--data', dir] })
  cleanup.push(() => b.stop('SIGKILL'))
  return b
}

function runCli(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/embedded/cli.ts'), ...args],
    {
      cwd: ROOT,
    },
  )
  let stderr = ''
  let stdout = ''
  child.stderr.on('data', (d) => (stderr += d))
  child.stdout.on('data', (d) => (stdout += d))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })))
}

async function rest(b: SpawnedBackend, path: string, init: RequestInit = {}): Promise<Response> {
  const key = b.info.service_role_key
  return fetch(`${b.info.api_url}/rest/v1/${path}`, {
    ...init,
    headers: { apikey: key, authorization: `Bearer ${key}`, 'content-type': 'application/json' },
  })
}

/** Every file under `dir` with its content hash and mode: what "left unmodified" is checked against. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name)
      if (entry.isDirectory()) walk(full)
      else {
        const hash = createHash('sha1').update(readFileSync(full)).digest('hex')
        out[relative(dir, full)] = `${hash} ${(statSync(full).mode & 0o777).toString(8)}`
      }
    }
  }
  walk(dir)
  return out
}

/** A data folder holding one org, shut down cleanly. */
async function databaseFolder(): Promise<string> {
  const dir = tempDir()
  const b = await start(dir)
  expect((await rest(b, 'orgs', { method: 'POST', body: JSON.stringify({ name: 'Kept' }) })).status).toBe(201)
  expect(await b.stop('SIGTERM')).toBe(0)
  return dir
}

describe('one backend per data folder', () => {
  it('refuses a second backend, naming the folder and the holder pid, and loses nothing', async () => {
    const dir = tempDir()
    const first = await start(dir)
    const second = await runCli(['--data', dir, '--rate', '0', '--no-demo'])
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(`The data folder ${dir} is in use by another Floorwatch backend`)
    expect(second.stderr).toContain(`(pid ${first.child.pid})`)
    expect(second.stdout).toBe('')
    // The first backend still serves, and its writes are intact.
    expect((await rest(first, 'orgs', { method: 'POST', body: '{"name":"A"}' })).status).toBe(201)
    expect(await (await rest(first, 'orgs?select=name')).json()).toEqual([{ name: 'A' }])
  })

  it('takes over the lock of a backend that died without releasing it', async () => {
    const dir = tempDir()
    const dead = await start(dir)
    expect((await rest(dead, 'orgs', { method: 'POST', body: '{"name":"Before the crash"}' })).status).toBe(
      201,
    )
    await dead.stop('SIGKILL')
    expect(readdirSync(dir)).toContain('floorwatch.lock')
    const next = await start(dir)
    expect(await (await rest(next, 'orgs?select=name')).json()).toEqual([{ name: 'Before the crash' }])
    expect(JSON.parse(readFileSync(join(dir, 'floorwatch.lock'), 'utf8')).pid).toBe(next.child.pid)
  })
})

describe('folders that are not a Floorwatch database', () => {
  it('never writes into a non-empty unrelated folder', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'thesis.md'), '# my work\n')
    writeFileSync(join(dir, 'budget.csv'), 'a,b\n')
    const before = fingerprint(dir)
    const r = await runCli(['--data', dir, '--rate', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`The data folder ${dir} is not empty and is not a Floorwatch database`)
    expect(r.stderr).not.toMatch(/\n\s+at /) // a message, not a stack trace
    expect(fingerprint(dir)).toEqual(before)
  })

  it('refuses a database folder whose PG_VERSION is missing instead of starting afresh over it', async () => {
    const dir = await databaseFolder()
    unlinkSync(join(dir, 'PG_VERSION'))
    const before = fingerprint(dir)
    const r = await runCli(['--data', dir, '--rate', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `The data folder ${dir} looks like a Floorwatch database but has no PG_VERSION`,
    )
    expect(fingerprint(dir)).toEqual(before)
  })
})

describe('permissions', () => {
  it('keeps the data folder 0700 and every file in it 0600, the lock file included', async () => {
    const dir = tempDir()
    const b = await start(dir)
    expect((statSync(join(dir, 'floorwatch.lock')).mode & 0o777).toString(8)).toBe('600')
    await rest(b, 'orgs', { method: 'POST', body: '{"name":"Secret"}' })
    await b.stop('SIGTERM')
    const modes = new Map<string, string>()
    const walk = (path: string): void => {
      modes.set(relative(dir, path) || '.', (statSync(path).mode & 0o777).toString(8))
      if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name))
    }
    walk(dir)
    const wrong = [...modes].filter(([p, m]) => m !== (statSync(join(dir, p)).isDirectory() ? '700' : '600'))
    expect(modes.size).toBeGreaterThan(500)
    expect(wrong).toEqual([])
  })
})

describe('damaged pages', () => {
  it('refuses heap-page damage with the folder path and the damaged file, and modifies nothing', async () => {
    const dir = await databaseFolder()
    const file = await relationFile(dir, 'public.orgs')
    const bytes = readFileSync(join(dir, file))
    bytes.fill(0xab, 4000, 4100) // inside the tuple area of block 0: the header still looks fine
    writeFileSync(join(dir, file), bytes)
    const before = fingerprint(dir)
    const r = await runCli(['--data', dir, '--rate', '0'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`The data folder ${dir} is damaged: block 0 of ${file} fails its checksum`)
    expect(fingerprint(dir)).toEqual(before)
  })
})

/** Where a table's heap lives, asked of a throwaway copy so the folder under test is not touched. */
async function relationFile(dir: string, table: string): Promise<string> {
  const copy = tempDir()
  rmSync(copy, { recursive: true })
  await import('node:fs/promises').then((fs) => fs.cp(dir, copy, { recursive: true }))
  rmSync(join(copy, 'floorwatch.lock'), { force: true })
  const pg = await PGlite.create({ dataDir: copy })
  const res = await pg.query<{ p: string }>('select pg_relation_filepath($1::regclass) as p', [table])
  await pg.close()
  return res.rows[0]!.p
}
