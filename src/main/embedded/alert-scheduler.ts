// The embedded scheduler of the alert evaluator, standing in for the pg_cron job a real project runs
// (supabase/optional/alert_evaluator_cron.sql): every few seconds public.floor_evaluate_alerts() judges every
// enabled alert rule against the floor as it stands, raising, clearing, waking and escalating alerts
// (migrations 20261202000010/11). The simulator only feeds data; alerts come from here.
import type { BackendContext } from './context'

export const DEFAULT_ALERT_EVAL_MS = 5000

export function startAlertScheduler(ctx: BackendContext, intervalMs = DEFAULT_ALERT_EVAL_MS) {
  let running: Promise<void> | null = null
  const evaluate = async () => {
    await ctx.db.query('select public.floor_evaluate_alerts()')
  }
  const timer = setInterval(() => {
    // A slow run is never overlapped by the next: the database would only queue it behind.
    if (running) return
    running = evaluate()
      .catch((err: unknown) =>
        ctx.log.warn(`alert evaluation failed: ${err instanceof Error ? err.message : String(err)}`),
      )
      .finally(() => (running = null))
  }, intervalMs)
  timer.unref()
  return {
    /** Runs one evaluation now (after the one under way), for tests and for a prompt first judgement. */
    async runNow(): Promise<void> {
      await running
      await evaluate()
    },
    async stop(): Promise<void> {
      clearInterval(timer)
      await running
    },
  }
}
