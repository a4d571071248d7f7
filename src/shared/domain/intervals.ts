// The day of a queue in quarter hours: the intraday trend of service level and calls waiting, from the
// quarter-hour rollups (queue_intervals: the concluded calls) and the calls still in progress, by the same
// definitions as queue-stats.ts. Quarter hours are aligned on UTC, as the database aligns them.
import type { Call, Queue, QueueInterval } from './rows'
import { toMs } from './server-time'
import { periodStart } from './zone'

export const INTERVAL_MS = 15 * 60_000

/** Start of the quarter hour holding `ms`. */
export const intervalStart = (ms: number): number => Math.floor(ms / INTERVAL_MS) * INTERVAL_MS

export interface IntradayPoint {
  /** Start of the quarter hour. */
  t: number
  offered: number
  /** Answered within target of the calls queued in this quarter hour that concluded; null with none. */
  serviceLevelPercent: number | null
  /** Today's service level up to the end of this quarter hour; null while no call concluded. */
  cumulativeServiceLevelPercent: number | null
  /** Calls waiting on average over the quarter hour (over its elapsed part for the current one). */
  averageWaiting: number
}

interface Bucket {
  offered: number
  concluded: number
  within: number
  waitMs: number
}

const CONCLUDED = new Set(['completed', 'abandoned'])

/** Spreads the wait [from, to) over the quarter hours it covers. */
function addWait(buckets: Map<number, Bucket>, from: number, to: number): void {
  for (let s = intervalStart(from); s < to; s += INTERVAL_MS) {
    const b = buckets.get(s)
    if (b) b.waitMs += Math.max(0, Math.min(to, s + INTERVAL_MS) - Math.max(from, s))
  }
}

/**
 * Today's quarter hours for `queue`, oldest first, from the start of its day to the quarter hour holding
 * `serverNowMs`: at most 96 points (100 on a day the clocks go back), whatever the traffic.
 */
export function intradaySeries(
  queue: Queue,
  intervals: Iterable<QueueInterval>,
  calls: Iterable<Call>,
  serverNowMs: number,
): IntradayPoint[] {
  const from = intervalStart(periodStart(serverNowMs, queue.time_zone, queue.daily_reset_time))
  const current = intervalStart(serverNowMs)
  const buckets = new Map<number, Bucket>()
  for (let s = from; s <= current; s += INTERVAL_MS)
    buckets.set(s, { offered: 0, concluded: 0, within: 0, waitMs: 0 })
  for (const i of intervals) {
    if (i.queue_id !== queue.id) continue
    const b = buckets.get(toMs(i.interval_start))
    if (!b) continue
    b.offered += i.offered
    b.concluded += i.answered + i.abandoned
    b.within += i.answered_within
    b.waitMs += i.wait_ms
  }
  const targetMs = queue.sla_target_seconds * 1000
  for (const c of calls) {
    if (c.queue_id !== queue.id || c.direction !== 'inbound' || c.status === 'failed') continue
    if (CONCLUDED.has(c.status)) continue
    const queued = toMs(c.queued_at)
    const home = buckets.get(intervalStart(queued))
    if (queued > serverNowMs) continue
    const answered = c.answered_at === null ? null : toMs(c.answered_at)
    if (home) {
      home.offered++
      if (answered !== null) {
        home.concluded++
        if (answered - queued <= targetMs) home.within++
      }
    }
    addWait(buckets, queued, answered ?? serverNowMs)
  }
  const points: IntradayPoint[] = []
  let within = 0
  let concluded = 0
  for (const [t, b] of buckets) {
    within += b.within
    concluded += b.concluded
    const span = Math.min(INTERVAL_MS, Math.max(1, serverNowMs - t))
    points.push({
      t,
      offered: b.offered,
      serviceLevelPercent: b.concluded > 0 ? (b.within / b.concluded) * 100 : null,
      cumulativeServiceLevelPercent: concluded > 0 ? (within / concluded) * 100 : null,
      averageWaiting: b.waitMs / span,
    })
  }
  return points
}

/** A finished call, in epoch milliseconds. */
export interface FinishedCall {
  status: string
  direction: string
  queuedAt: number
  answeredAt: number | null
  endedAt: number | null
  statusChangedAt: number
}

/** The sums of one quarter hour of a queue, as queue_intervals keeps them; `start` in epoch ms. */
export type QuarterSums = { start: number } & Pick<
  QueueInterval,
  | 'offered'
  | 'answered'
  | 'answered_within'
  | 'abandoned'
  | 'short_abandoned'
  | 'answer_ms'
  | 'handled'
  | 'handle_ms'
  | 'wait_ms'
>

const SHORT_ABANDON_MS = 5_000

/**
 * What one finished call adds to its queue's quarter hours, by the definitions of queue-stats.ts, exactly as the
 * database's floor_intervals_add keeps them (test/integration/rollups-contract.ts checks that the two agree):
 * the counts to the quarter hour it was queued in, its waiting time to each quarter hour it waited in. Nothing
 * for a failed or outbound call, or one not yet completed or abandoned.
 */
export function finishedCallQuarters(c: FinishedCall, targetSeconds: number): QuarterSums[] {
  if (c.direction !== 'inbound' || (c.status !== 'completed' && c.status !== 'abandoned')) return []
  const home = intervalStart(c.queuedAt)
  const waitEnd = Math.max(c.queuedAt, c.answeredAt ?? c.endedAt ?? c.statusChangedAt)
  const answered = c.answeredAt !== null
  const abandon = !answered && c.status === 'abandoned'
  const long = (c.endedAt ?? c.statusChangedAt) - c.queuedAt > SHORT_ABANDON_MS
  const out: QuarterSums[] = []
  for (let s = home; s === home || s < waitEnd; s += INTERVAL_MS) {
    const first = s === home
    const answerMs = answered ? Math.max(0, c.answeredAt! - c.queuedAt) : 0
    const handledHere = first && answered && c.endedAt !== null
    out.push({
      start: s,
      offered: first ? 1 : 0,
      answered: first && answered ? 1 : 0,
      answered_within: first && answered && c.answeredAt! - c.queuedAt <= targetSeconds * 1000 ? 1 : 0,
      abandoned: first && abandon && long ? 1 : 0,
      short_abandoned: first && abandon && !long ? 1 : 0,
      answer_ms: first ? Math.round(answerMs) : 0,
      handled: handledHere ? 1 : 0,
      handle_ms: handledHere ? Math.round(Math.max(0, c.endedAt! - c.answeredAt!)) : 0,
      wait_ms: Math.round(Math.max(0, Math.min(s + INTERVAL_MS, waitEnd) - Math.max(s, c.queuedAt))),
    })
  }
  return out
}
