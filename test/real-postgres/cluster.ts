// A throwaway PostgreSQL 15 cluster (Debian's postgresql-15) prepared the way Supabase prepares a project's
// database (bootstrap.sql), with the project's migrations applied as `supabase db push` applies them: in name
// order, one transaction per file, as the non-superuser `postgres`, recorded in supabase_migrations. It lives in
// a temporary folder, listens on a free loopback port, and runs as an unprivileged uid when the tests run as
// root (postgres refuses root).
import { spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export const PG_BIN = process.env.FLOORWATCH_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const NOBODY = 65534
const BOOTSTRAP = join(import.meta.dirname, 'bootstrap.sql')

export interface Cluster {
  port: number
  /** A new client logged in as `user` (trust authentication on loopback). */
  connect(user: 'supabase_admin' | 'postgres' | 'authenticator'): Promise<pg.Client>
  /** The migration files applied, in order. */
  applied: string[]
  stop(): Promise<void>
}

/**
 * Why this tier cannot run here (no PostgreSQL 15 binaries), or null when it can. A developer's machine
 * without them skips the tier with this reason; CI (.ci/run installs postgresql-15 and sets
 * FLOORWATCH_REQUIRE_PG15=1) never does.
 */
export function missingPostgres(): string | null {
  if (existsSync(join(PG_BIN, 'postgres')) && existsSync(join(PG_BIN, 'initdb'))) return null
  return `PostgreSQL 15 is not installed at ${PG_BIN}: apt-get install postgresql-15 (.ci/run does)`
}

export async function startCluster(migrationsDir: string): Promise<Cluster> {
  const missing = missingPostgres()
  if (missing) throw new Error(missing)
  const dir = await mkdtemp(join(tmpdir(), 'floorwatch-pg15-'))
  const asUser = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {}
  if ('uid' in asUser) chownSync(dir, NOBODY, NOBODY)
  const data = join(dir, 'data')
  await run(
    join(PG_BIN, 'initdb'),
    ['-D', data, '-U', 'supabase_admin', '--auth=trust', '-E', 'UTF8', '--no-sync'],
    asUser,
  )
  const port = await freePort()
  const server = spawn(
    join(PG_BIN, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'timezone=UTC',
      '-c',
      'max_connections=40',
    ],
    { ...asUser, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  // A test process that dies without stopping the cluster must not leave a server behind.
  const killOnExit = () => server.kill('SIGKILL')
  process.once('exit', killOnExit)
  server.once('exit', () => process.off('exit', killOnExit))
  let log = ''
  server.stderr?.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-4000)))
  const connect = async (user: string): Promise<pg.Client> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user, database: 'postgres' })
    client.on('error', () => {})
    await client.connect()
    return client
  }
  const stop = async (): Promise<void> => {
    await stopServer(server)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitReady(connect, server, () => log)
    const admin = await connect('supabase_admin')
    await admin.query(await readFile(BOOTSTRAP, 'utf8'))
    await admin.end()
    const applied = await pushMigrations(await connect('postgres'), migrationsDir)
    return { port, connect, applied, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

/** `supabase db push`: each file in its own transaction as `postgres`, then its version recorded. */
async function pushMigrations(owner: pg.Client, dir: string): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
  try {
    await owner.query(`create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text primary key, statements text[], name text)`)
    for (const file of files) {
      const [version, ...name] = file.replace(/\.sql$/, '').split('_')
      await owner.query('begin')
      try {
        await owner.query(await readFile(join(dir, file), 'utf8'))
        await owner.query(
          'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
          [version, name.join('_')],
        )
        await owner.query('commit')
      } catch (err) {
        await owner.query('rollback')
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err })
      }
    }
    return files
  } finally {
    await owner.end()
  }
}

function run(cmd: string, args: string[], opts: { uid?: number; gid?: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}: ${err}`))))
  })
}

async function waitReady(
  connect: (user: string) => Promise<pg.Client>,
  server: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres exited ${server.exitCode}: ${log()}`)
    try {
      await (await connect('supabase_admin')).end()
      return
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`postgres did not accept connections: ${String(err)} ${log()}`, { cause: err })
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const kill = setTimeout(() => server.kill('SIGKILL'), 10_000)
    server.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    server.kill('SIGINT') // fast shutdown
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}
