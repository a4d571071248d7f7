// The server tick: every few seconds each org's `floor:<orgId>` topic gets a `tick` broadcast carrying the
// server time, so a console can tell a quiet floor from a dead feed (no tick for two intervals = STALE).
// It also keeps realtime.messages bounded, as Supabase's retention does for database broadcasts.
import type { BackendContext } from './context'
import type { RealtimeServer } from './realtime'

export const DEFAULT_TICK_MS = 5000
const MESSAGE_RETENTION = '10 minutes'

export function startTicker(ctx: BackendContext, realtime: RealtimeServer, intervalMs = DEFAULT_TICK_MS) {
  let ticks = 0
  let running: Promise<void> | null = null
  const tick = async () => {
    const orgs = await ctx.db.query<{ id: string }>('select id from public.orgs')
    const payload = { at: new Date(ctx.now()).toISOString(), interval_ms: intervalMs }
    for (const { id } of orgs.rows) {
      realtime.broadcast(`floor:${id}`, 'tick', payload)
      realtime.broadcast(`floor:${id}`, 'tick', payload, true)
    }
    if (++ticks % 12 === 0) {
      await ctx.db.query(
        `delete from realtime.messages where inserted_at < now() - interval '${MESSAGE_RETENTION}'`,
      )
    }
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
