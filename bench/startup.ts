// Start-up benchmark: how long the embedded backend takes from spawn to ready (its JSON line on stdout, the
// moment the console may connect), and what a console's first snapshot of the demo floor weighs. The backend
// runs in its own process with the console's defaults (`--rate 10`); the snapshot is read by the console's own
// code (feed/rest.ts fetchCatchUp: keyset pages of 1,000 rows per table) through unmodified supabase-js,
// signed in as the demo supervisor. Three cases, each measured `runs` times:
//   fresh      a new data folder: the demo is seeded (and, from issue 13, its mid-shift history backfilled)
//   restart    the same folder started again: nothing to seed
//   ephemeral  --ephemeral (in memory), as the tests start it
import WebSocket from 'ws'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@supabase/supabase-js'
import { spawnBackend, type SpawnedBackend } from '../src/main/embedded/spawn'
import { fetchCatchUp } from '../src/main/core/feed/rest'
import { TABLE_NAMES } from '../src/shared/domain/tables'
import { summarise } from './stats'

interface Snapshot {
  ms: number
  rows: number
  bytes: number
  perTable: Record<string, { rows: number; KiB: number }>
}

async function snapshot(b: SpawnedBackend): Promise<Snapshot> {
  const sb = createClient(b.info.api_url, b.info.anon_key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  const { data, error } = await sb.auth.signInWithPassword(b.info.demo!)
  if (error) throw new Error(`demo sign-in failed: ${error.message}`)
  const { data: member } = await sb.from('memberships').select('org_id').eq('user_id', data.user.id)
  const orgId = (member as { org_id: string }[])[0]!.org_id
  const started = performance.now()
  const result = await fetchCatchUp(
    sb,
    {
      attempt: 1,
      full: true,
      tables: TABLE_NAMES.map((table) => ({ table, sinceSeq: 0, tombstonesSinceSeq: 0 })),
    },
    { orgId, pageSize: 1000, overlapSeq: 1000, concurrency: 4 },
  )
  const ms = performance.now() - started
  const perTable: Snapshot['perTable'] = {}
  let rows = 0
  let bytes = 0
  for (const [table, list] of Object.entries(result.rows)) {
    const size = Buffer.byteLength(JSON.stringify(list ?? []))
    perTable[table] = { rows: list?.length ?? 0, KiB: Math.round(size / 102.4) / 10 }
    rows += list?.length ?? 0
    bytes += size
  }
  await sb.auth.signOut()
  return { ms: Math.round(ms), rows, bytes, perTable }
}

async function startTimed(args: string[]): Promise<{ b: SpawnedBackend; ms: number }> {
  const t = performance.now()
  const b = await spawnBackend({ args: ['--port', '0', '--rate', '10', ...args], timeoutMs: 120_000 })
  return { b, ms: Math.round(performance.now() - t) }
}

/** The backend's own account of the backfill, when it made one: "simulated in X ms, written in Y ms". */
function backfillMs(b: SpawnedBackend): number | null {
  const line = b.logs().find((l) => l.includes('demo history'))
  const m = line && /simulated in (\d+) ms, written in (\d+) ms/.exec(line)
  return m ? Number(m[1]) + Number(m[2]) : null
}

export default async function run(args: string[]): Promise<Record<string, unknown>> {
  const runs = Number(args[0] ?? 3)
  const cases: Record<string, { readyMs: number[]; backfillMs: number[]; snap: Snapshot[] }> = {
    fresh: { readyMs: [], backfillMs: [], snap: [] },
    restart: { readyMs: [], backfillMs: [], snap: [] },
    ephemeral: { readyMs: [], backfillMs: [], snap: [] },
  }
  const record = async (name: string, started: { b: SpawnedBackend; ms: number }) => {
    const c = cases[name]!
    c.readyMs.push(started.ms)
    const bf = backfillMs(started.b)
    if (bf !== null) c.backfillMs.push(bf)
    c.snap.push(await snapshot(started.b))
    await started.b.stop()
  }
  for (let i = 0; i < runs; i++) {
    const dir = await mkdtemp(join(tmpdir(), 'floorwatch-bench-startup-'))
    try {
      for (const name of ['fresh', 'restart'] as const) await record(name, await startTimed(['--data', dir]))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    await record('ephemeral', await startTimed(['--ephemeral']))
  }
  const out: Record<string, unknown> = {}
  for (const [name, c] of Object.entries(cases)) {
    const last = c.snap[c.snap.length - 1]!
    out[name] = {
      spawnToReadyMs: summarise(c.readyMs),
      backfillMs: c.backfillMs.length > 0 ? summarise(c.backfillMs) : null,
      snapshotMs: summarise(c.snap.map((s) => s.ms)),
      snapshotRows: last.rows,
      snapshotKiB: Math.round(last.bytes / 1024),
      perTable: last.perTable,
    }
  }
  return out
}
