// The embedded scheduler, standing in for pg_cron and Realtime's janitor on a hosted project: every few seconds
// it runs public.floor_server_tick() (migration 20261201000011), which sends each org's private `floor:<orgId>`
// topic a `tick` with the server time through realtime.send(), so a console can tell a quiet floor from a dead
// feed. Every hour it keeps the realtime.messages day partitions in place, as Realtime does, and bounds what
// a real project bounds with pg_cron jobs (README): the intraday rollups (floor_prune_rollups) and the
// tombstones older than a day (floor_prune_tombstones; the simulator expires its own sooner).
import type { BackendContext } from './context'

export const DEFAULT_TICK_MS = 5000
const MAINTENANCE_MS = 60 * 60 * 1000

export function startTicker(ctx: BackendContext, intervalMs = DEFAULT_TICK_MS) {
  let running: Promise<void> | null = null
  let lastMaintenance = ctx.now()
  const tick = async () => {
    if (ctx.now() - lastMaintenance >= MAINTENANCE_MS) {
      lastMaintenance = ctx.now()
      await ctx.db.maintainMessages()
      await ctx.db.query('select public.floor_prune_rollups()')
      await ctx.db.query(`select public.floor_prune_tombstones(interval '1 day')`)
    }
    await ctx.db.query('select public.floor_server_tick($1)', [intervalMs])
  }
  const timer = setInterval(() => {
    if (running) return
    running = tick()
      .catch((err: unknown) =>
        ctx.log.warn(`tick failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => (running = null))
  }, intervalMs)
  timer.unref()
  return {
    async stop(): Promise<void> {
      clearInterval(timer)
      await running
    },
  }
}
