// Runs the floor: ticks on a timer (real time) or back to back on a simulated clock (fast mode), writes
// each tick in one transaction, steers the world's speed toward the requested change rate, and stops
// cleanly between ticks.
import type { BackendContext } from '../context'
import { prepareFloor, runTick } from './engine'
import { DEFAULT_INCIDENTS, IncidentDirector, type IncidentSchedule } from './incidents'
import { loadFloor, loadMonitorRows, type Floor } from './model'
import { syncMonitors } from './monitors'
import { Rng } from './random'
import { Changes, type Tick } from './tick'
import { writeChanges } from './writer'
import { DEFAULT_HISTORY, History, type HistoryWindows } from './history'

export interface SimulatorOptions {
  seed: number
  /** Target changes (rows written) per second of the clock: real seconds, or simulated ones in fast mode. */
  rate: number
  /** Simulated clock, ticks back to back: for benchmarks. */
  fast: boolean
  orgId: string
  /** Do not tick on its own; only `step()` advances (tests, benchmarks). */
  manual?: boolean
  /** Clock time between ticks (default 250 ms). */
  tickMs?: number
  /** Where the simulated clock starts in fast mode (default: now). */
  startAt?: number
  incidents?: Partial<IncidentSchedule>
  /** How long finished calls and heartbeats (and their tombstones) are kept, in world ms. */
  history?: Partial<HistoryWindows>
}

export interface SimulatorStats {
  ticks: number
  /** Rows inserted, updated or deleted. */
  changes: number
  incidents: number
  errors: number
  /** World milliseconds per clock millisecond, as steered toward the target rate. */
  speed: number
  /** Clock time simulated so far, ms. */
  elapsedMs: number
  /** Achieved changes per clock second. */
  rate: number
}

export interface Simulator {
  /** Runs `n` ticks (after any already under way) and resolves when they are written. */
  step(n?: number): Promise<void>
  stats(): SimulatorStats
  /** Stops ticking; resolves once the tick in progress is written. */
  stop(): Promise<void>
}

/** Changes per world second of the demo floor at speed 1, roughly; the controller corrects the rest. */
const NATURAL_RATE = 6

/** The world speed a simulator asked for `rate` changes per second starts at. */
export const initialSpeed = (rate: number): number => Math.max(0.01, rate / NATURAL_RATE)
const ADJUST_EVERY_MS = 5_000
const PRUNE_EVERY_TICKS = 40
/** An admin's edit of a monitor (interval, pause) reaches the checker within this many ticks (~5 s). */
const SYNC_MONITORS_EVERY_TICKS = 20

export function startSimulator(ctx: BackendContext, options: SimulatorOptions): Simulator {
  const sim = new Runner(ctx, options)
  if (!options.manual) sim.run()
  return sim
}

class Runner implements Simulator {
  private floor: Floor | null = null
  private rng: Rng | null = null
  private readonly incidents: IncidentDirector
  private readonly history: History
  private chain: Promise<void> = Promise.resolve()
  private stopped = false
  private timer: NodeJS.Timeout | null = null
  private readonly tickMs: number
  private clockNow: number
  private readonly startedAt: number
  private speed: number
  private window = { startedAt: 0, changes: 0 }
  private totals = { ticks: 0, changes: 0, errors: 0, consecutiveErrors: 0 }

  constructor(
    private readonly ctx: BackendContext,
    private readonly opts: SimulatorOptions,
  ) {
    this.tickMs = opts.tickMs ?? 250
    this.clockNow = opts.fast ? (opts.startAt ?? ctx.now()) : ctx.now()
    this.startedAt = this.clockNow
    this.window.startedAt = this.clockNow
    this.speed = initialSpeed(opts.rate)
    this.incidents = new IncidentDirector({ ...DEFAULT_INCIDENTS, ...opts.incidents })
    this.history = new History(opts.orgId, { ...DEFAULT_HISTORY, ...opts.history })
  }

  run(): void {
    if (this.opts.fast) {
      const loop = (): void => {
        if (this.stopped) return
        void this.step(1).then(() => setImmediate(loop))
      }
      loop()
      return
    }
    const next = (): void => {
      if (this.stopped) return
      this.timer = setTimeout(() => void this.step(1).then(next), this.tickMs)
    }
    next()
  }

  step(n = 1): Promise<void> {
    const run = this.chain.then(async () => {
      for (let i = 0; i < n && !this.stopped; i++) await this.tick()
    })
    this.chain = run.catch(() => {})
    return run
  }

  stats(): SimulatorStats {
    const elapsedMs = this.clockNow - this.startedAt
    return {
      ticks: this.totals.ticks,
      changes: this.totals.changes,
      incidents: this.incidents.started,
      errors: this.totals.errors,
      speed: this.speed,
      elapsedMs,
      rate: elapsedMs > 0 ? (this.totals.changes * 1000) / elapsedMs : 0,
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.chain
  }

  /** Moves the clock to this tick and returns how much time the tick covers. */
  private advanceClock(): number {
    const previous = this.clockNow
    this.clockNow = this.opts.fast ? previous + this.tickMs : Math.max(previous, this.ctx.now())
    // After a long pause (a laptop waking up) the world skips the gap rather than replaying it at once.
    return Math.min(this.clockNow - previous, 5_000)
  }

  private async tick(): Promise<void> {
    const dtMs = this.advanceClock()
    try {
      const written = await this.tickOnce(dtMs)
      this.totals.ticks++
      this.totals.changes += written
      this.totals.consecutiveErrors = 0
      this.steer(written)
    } catch (err) {
      this.totals.errors++
      // The floor in memory may now disagree with the database: reload it before the next tick.
      this.floor = null
      const diskFull = (err as { code?: unknown }).code === '53100'
      if (++this.totals.consecutiveErrors === 1) this.ctx.log.error('simulator tick failed', err)
      // A full disk is waited out: writes resume by themselves once there is room again.
      if (this.totals.consecutiveErrors >= 10 && !diskFull) {
        this.ctx.log.error('simulator stopped after repeated failures')
        this.stopped = true
      }
    }
  }

  private async tickOnce(dtMs: number): Promise<number> {
    const rng = (this.rng ??= await this.openRng())
    const changes = new Changes()
    const t: Tick = {
      now: this.clockNow,
      dtMs,
      index: this.totals.ticks,
      speed: this.speed,
      rng,
      changes,
      orgId: this.opts.orgId,
    }
    if (!this.floor) {
      const fresh = await loadFloor(this.ctx, this.opts.orgId, t.now)
      this.incidents.abandon()
      for (const id of await this.staleAlerts())
        this.incidents.resolve(id, t, 'Closed by the simulator on restart')
      prepareFloor(fresh, t)
      this.floor = fresh
    } else if (this.totals.ticks % SYNC_MONITORS_EVERY_TICKS === 0) {
      syncMonitors(this.floor, await loadMonitorRows(this.ctx, this.opts.orgId), t.now)
    }
    runTick(this.floor, t, this.incidents)
    const pruneNow = this.totals.ticks % PRUNE_EVERY_TICKS === PRUNE_EVERY_TICKS - 1
    return this.ctx.db.transaction(async (tx) => {
      const n = await writeChanges(tx, this.opts.orgId, changes)
      return pruneNow ? n + (await this.history.prune(tx, t)) : n
    })
  }

  /** A run number per organisation keeps ids fresh across restarts yet replayable for a fresh database. */
  private async openRng(): Promise<Rng> {
    const key = `simulator_run/${this.opts.orgId}`
    const { rows } = await this.ctx.db.query<{ value: string }>(
      `insert into _embedded.settings (key, value) values ($1, '1')
       on conflict (key) do update set value = (_embedded.settings.value::int + 1)::text returning value`,
      [key],
    )
    return new Rng(`${this.opts.seed}/${this.opts.orgId}/${rows[0]!.value}`)
  }

  /** Alerts earlier versions of the simulator raised themselves (not the evaluator's: no dedupe key). */
  private async staleAlerts(): Promise<string[]> {
    const { rows } = await this.ctx.db.query<{ id: string }>(
      `select a.id::text from public.alerts a
        where a.org_id = $1 and a.status <> 'resolved'
          and a.dedupe_key is null
          and exists (select 1 from public.alert_events e where e.alert_id = a.id and e.kind = 'raise'
                         and e.actor is null and e.actor_kind is distinct from 'system')
        order by a.raised_at, a.id`,
      [this.opts.orgId],
    )
    return rows.map((r) => r.id)
  }

  /** Nudges the world's speed so that changes per clock second approach the target rate. */
  private steer(written: number): void {
    this.window.changes += written
    const span = this.clockNow - this.window.startedAt
    if (span < ADJUST_EVERY_MS) return
    const achieved = (this.window.changes * 1000) / span
    const ratio = achieved > 0 ? this.opts.rate / achieved : 2
    this.speed = Math.min(10_000, Math.max(0.01, this.speed * Math.sqrt(Math.min(2, Math.max(0.5, ratio)))))
    this.window = { startedAt: this.clockNow, changes: 0 }
  }
}
