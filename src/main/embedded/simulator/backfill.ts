// The demo starts mid-shift: when the demo floor is first seeded, the same engine that runs the live floor
// runs the hours before now on a simulated clock (in memory, a tick per simulated second), and the result is
// written in one transaction as a floor that has been busy all morning:
//
//   the calls still in progress and the finished calls of the last hour   → public.calls (as the live
//                                                                            simulator keeps them)
//   every older concluded inbound call                                     → its quarter hours in
//     public.queue_intervals, summed by the definitions the triggers apply (no row per call)
//   agents' states, calls, breaks and logouts as they stand now            → public.agent_sessions
//   campaigns' progress, monitors' last checks                             → public.campaigns, public.monitors
//   the heartbeats of the last ten minutes                                 → public.heartbeats
//   older checks, and a month of checks before the morning                 → public.monitor_rollups
//
// Deterministic: the same seed, hours and clock give the same rows. The morning has its own incidents (a
// busy hour in Sales, a surge in Support, a failed and a slow service) and leaves an agent available without
// a call for four minutes and one on a break for twelve, which the demo's opening continues (incidents.ts).
import type { BackendContext } from '../context'
import type { Transaction } from '../db/database'
import { PACE } from './demo-data'
import { prepareFloor, runTick } from './engine'
import { IncidentDirector, type ScriptedIncident } from './incidents'
import { loadFloor, TERMINAL, type Floor, type SimCall } from './model'
import { Rng } from './random'
import { Changes, iso, type Tick } from './tick'
import { drawUptime, RollupTally, type Check } from './uptime-history'
import { writeChanges } from './writer'
import type { Row } from './sql'
import { finishedCallQuarters } from '../../../shared/domain/intervals'

export interface BackfillOptions {
  seed: number
  /** Hours of history, ending at `now`. */
  hours: number
  now: number
  /** World ms per clock ms, as the live simulator will start (so the morning and the afternoon match). */
  speed?: number
  /** Clock ms per simulated tick (default 2000: half the work of 1 s, and calls still ring for several). */
  tickMs?: number
}

export interface BackfillResult {
  /** Concluded inbound calls of the morning, rolled up or kept. */
  concluded: number
  /** Rows written. */
  rows: number
  /** Time the simulation took, and the write. */
  simulateMs: number
  writeMs: number
}

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const DAYS_OF_UPTIME = 31
const HOURS_OF_UPTIME = 48
/** Heartbeats younger than this are written as rows (the live simulator keeps ten minutes). */
const RECENT_BEATS_MS = PACE.heartbeatHistoryMs

/** The morning's incidents, placed back from the end; those that would start before the history are left out. */
export function historyScript(hours: number): ScriptedIncident[] {
  const end = hours * HOUR
  const script: ScriptedIncident[] = [
    { atMs: end - 5 * HOUR, kind: 'surge', target: 'Sales', factor: 2, durationMs: 40 * MIN },
    { atMs: end - 4 * HOUR, kind: 'slow_service', target: 'Recording store', durationMs: 10 * MIN },
    { atMs: end - 150 * MIN, kind: 'surge', target: 'Support', factor: 2.5, durationMs: 25 * MIN },
    { atMs: end - 2 * HOUR, kind: 'service_failure', target: 'CRM API', durationMs: 7 * MIN },
    // Still under way at the end: the demo's opening picks them up.
    { atMs: end - 12 * MIN, kind: 'long_break', durationMs: 20 * MIN },
    { atMs: end - 4 * MIN, kind: 'agent_idle', durationMs: 20 * MIN },
  ]
  return script.filter((s) => s.atMs >= 0)
}

interface Morning {
  floor: Floor
  concluded: SimCall[]
  /** Every heartbeat row the morning's checks made. */
  beats: Row[]
}

/** Runs the floor from `from` to `to` on a simulated clock. */
export function simulateMorning(floor: Floor, o: Required<BackfillOptions> & { orgId: string }): Morning {
  const from = o.now - o.hours * HOUR
  const rng = new Rng(`${o.seed}/${o.orgId}/history`)
  const director = new IncidentDirector({
    firstAfterMs: Infinity,
    everyMs: Infinity,
    durationMs: 0,
    script: historyScript(o.hours),
  })
  for (const agent of floor.agents) {
    agent.statusSince = from
    agent.lastSeenAt = from
  }
  const concluded: SimCall[] = []
  const beats: Row[] = []
  const tick = (index: number, now: number, dtMs: number): Tick => ({
    now,
    dtMs,
    index,
    speed: o.speed,
    rng,
    changes: new Changes(),
    orgId: o.orgId,
  })
  prepareFloor(floor, tick(-1, from, 0))
  for (let i = 0, now = from + o.tickMs; now <= o.now; i++, now += o.tickMs) {
    const t = tick(i, now, o.tickMs)
    runTick(floor, t, director)
    for (const c of t.changes.calls) if (TERMINAL.has(c.status)) concluded.push(c)
    beats.push(...t.changes.heartbeats)
  }
  return { floor, concluded, beats }
}

/** Backfills `hours` of today into the organisation's freshly seeded floor. */
export async function backfillHistory(
  ctx: BackendContext,
  orgId: string,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const o = { speed: 1, tickMs: 2000, ...options }
  const started = performance.now()
  const floor = await loadFloor(ctx, orgId, o.now - o.hours * HOUR)
  const morning = simulateMorning(floor, { ...o, orgId })
  const simulated = performance.now()
  const rows = await ctx.db.transaction((tx) => write(tx, orgId, morning, o))
  return {
    concluded: morning.concluded.filter((c) => c.direction === 'inbound' && c.queueId).length,
    rows,
    simulateMs: Math.round(simulated - started),
    writeMs: Math.round(performance.now() - simulated),
  }
}

async function write(
  tx: Transaction,
  orgId: string,
  m: Morning,
  o: Required<BackfillOptions>,
): Promise<number> {
  // The live simulator keeps finished calls and heartbeats for windows of world time (history.ts).
  const keepCallsFrom = o.now - PACE.historyMs / o.speed
  const recentBeatsFrom = o.now - RECENT_BEATS_MS / o.speed
  const changes = new Changes()
  const old: SimCall[] = []
  for (const c of m.concluded) {
    if ((c.endedAt ?? c.statusChangedAt) >= keepCallsFrom) changes.calls.add(c)
    else if (c.direction === 'inbound' && c.queueId) old.push(c)
  }
  for (const c of m.floor.calls.values()) changes.calls.add(c)
  for (const a of m.floor.agents) changes.agents.add(a)
  for (const mon of m.floor.monitors) changes.monitors.add(mon)
  for (const c of m.floor.campaigns) changes.campaigns.add(c)

  const daysFrom = Math.floor((o.now - DAYS_OF_UPTIME * DAY) / DAY) * DAY
  const tally = new RollupTally(Math.floor((o.now - HOURS_OF_UPTIME * HOUR) / HOUR) * HOUR, daysFrom)
  const uptimeRng = new Rng(`${o.seed}/${orgId}/uptime`)
  drawUptime(tally, m.floor.monitors, uptimeRng, daysFrom, o.now - o.hours * HOUR)
  for (const h of m.beats) {
    const at = Date.parse(h.checked_at as string)
    if (at >= recentBeatsFrom) changes.heartbeats.push(h)
    else
      tally.addCheck({
        monitorId: h.monitor_id as string,
        at,
        status: h.status as Check['status'],
        pingMs: h.ping_ms as number | null,
      })
  }
  let n = await rollUpCalls(tx, orgId, m.floor, old)
  n += await addRollups(tx, tally.rows(orgId))
  n += await writeChanges(tx, orgId, changes)
  return n
}

/**
 * The morning's older calls straight into their quarter hours, summed here by the domain's definitions (the
 * same the triggers apply: the rollups contract checks they agree), so eight hours cost ~100 rows, not a
 * statement over 6,000 calls.
 */
async function rollUpCalls(tx: Transaction, orgId: string, floor: Floor, calls: SimCall[]): Promise<number> {
  const targets = new Map(floor.queues.map((q) => [q.id, q.slaSeconds]))
  const sums = new Map<string, Row>()
  for (const c of calls) {
    const target = c.queueId ? targets.get(c.queueId) : undefined
    if (target === undefined) continue
    for (const q of finishedCallQuarters(c, target)) {
      const key = `${c.queueId}/${q.start}`
      const row = sums.get(key) ?? { org_id: orgId, queue_id: c.queueId, interval_start: iso(q.start) }
      for (const k of SUMS) row[k] = ((row[k] as number | undefined) ?? 0) + q[k]
      sums.set(key, row)
    }
  }
  if (sums.size === 0) return 0
  const res = await tx.query(
    `insert into public.queue_intervals as q (org_id, queue_id, interval_start, ${SUMS.join(', ')})
     select org_id, queue_id, interval_start, ${SUMS.join(', ')}
       from jsonb_to_recordset($1::jsonb) as x(org_id uuid, queue_id uuid, interval_start timestamptz,
              ${SUMS.map((k) => `${k} bigint`).join(', ')})
     on conflict (queue_id, interval_start) do update set
       ${SUMS.map((k) => `${k} = q.${k} + excluded.${k}`).join(', ')}`,
    [JSON.stringify([...sums.values()])],
  )
  return res.affectedRows ?? 0
}

const SUMS = [
  'offered',
  'answered',
  'answered_within',
  'abandoned',
  'short_abandoned',
  'answer_ms',
  'handled',
  'handle_ms',
  'wait_ms',
] as const

async function addRollups(tx: Transaction, rows: ReturnType<RollupTally['rows']>): Promise<number> {
  if (rows.length === 0) return 0
  const res = await tx.query(
    `insert into public.monitor_rollups as r (org_id, monitor_id, span, bucket_start, checks, down, degraded,
         ping_ms_total, pinged)
     select org_id, monitor_id, span, bucket_start, checks, down, degraded, ping_ms_total, pinged
       from jsonb_to_recordset($1::jsonb) as x(org_id uuid, monitor_id uuid, span text, bucket_start timestamptz,
              checks integer, down integer, degraded integer, ping_ms_total bigint, pinged integer)
     on conflict (monitor_id, span, bucket_start) do update set
       checks = r.checks + excluded.checks, down = r.down + excluded.down, degraded = r.degraded + excluded.degraded,
       ping_ms_total = r.ping_ms_total + excluded.ping_ms_total, pinged = r.pinged + excluded.pinged`,
    [JSON.stringify(rows)],
  )
  return res.affectedRows ?? 0
}
