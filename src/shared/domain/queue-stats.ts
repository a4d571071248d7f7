// Queue figures for "today". Definitions (also in docs): the period runs from the queue's daily reset
// time in its own IANA zone; a call belongs to the period by its queued_at; only inbound calls count
// (outbound calls are not offered to a queue); failed calls (technical failures) are excluded everywhere.
//
//   answered            answered_at is set
//   within target       answered_at − queued_at ≤ sla_target_seconds
//   abandoned           status 'abandoned' after waiting longer than the short-abandon threshold;
//                       shorter ones (misdials, callers hanging up on the greeting) are excluded
//   service level %     within target / (answered + abandoned) × 100     — "answered within target of
//                       calls that reached a conclusion", the common contact-centre definition
//   abandon rate %      abandoned / (answered + abandoned) × 100
//   ASA                 mean of answered_at − queued_at over answered calls
//   AHT                 mean of ended_at − answered_at over answered calls that ended (talk + hold);
//                       wrap-up is not included because the schema does not record when it ends
// Every ratio is null when its denominator is zero: "no calls yet" is not 0 % or 100 %.
//
// Finished calls are kept for an hour only, so a console reads the day's concluded calls from their quarter-hour
// rollups (queue_intervals, maintained by the database with the same definitions) and adds the calls still in
// progress: with `intervals`, completed and abandoned calls come from the intervals and never from `calls`, and
// the day starts at the quarter hour of the reset (exact for resets on a quarter hour, the usual case).
import type { Call, Queue, QueueInterval } from './rows'
import { toMs } from './server-time'
import { periodStart } from './zone'
import { intervalStart } from './intervals'

export const DEFAULT_SHORT_ABANDON_SECONDS = 5

export interface QueueStats {
  periodStart: number
  offered: number
  answered: number
  answeredWithinTarget: number
  abandoned: number
  shortAbandoned: number
  /** Queued or ringing right now. */
  waiting: number
  longestWaitMs: number
  serviceLevelPercent: number | null
  /** Whether the service level meets the queue's sla_target_percent (null with no service level). */
  meetsTarget: boolean | null
  abandonRatePercent: number | null
  averageSpeedOfAnswerMs: number | null
  averageHandleTimeMs: number | null
}

export interface StatsOptions {
  /** The queue's concluded calls as quarter-hour rollups (any queue's rows may be passed). */
  intervals?: Iterable<QueueInterval>
  /** Abandons this short are not counted; the rollups use the default. */
  shortAbandonSeconds?: number
}

interface Tally {
  offered: number
  answered: number
  within: number
  abandoned: number
  shortAbandoned: number
  waiting: number
  longestWaitMs: number
  answerMsTotal: number
  handled: number
  handleMsTotal: number
}

const CONCLUDED = new Set(['completed', 'abandoned'])

function emptyTally(): Tally {
  return {
    offered: 0,
    answered: 0,
    within: 0,
    abandoned: 0,
    shortAbandoned: 0,
    waiting: 0,
    longestWaitMs: 0,
    answerMsTotal: 0,
    handled: 0,
    handleMsTotal: 0,
  }
}

function tally(
  queue: Queue,
  calls: Iterable<Call>,
  from: number,
  now: number,
  shortMs: number,
  skipConcluded: boolean,
): Tally {
  const t = emptyTally()
  const targetMs = queue.sla_target_seconds * 1000
  for (const call of calls) {
    if (call.queue_id !== queue.id || call.direction !== 'inbound' || call.status === 'failed') continue
    if (skipConcluded && CONCLUDED.has(call.status)) continue
    const queued = toMs(call.queued_at)
    if (queued < from || queued > now) continue
    t.offered++
    if (call.answered_at !== null) {
      const answerMs = Math.max(0, toMs(call.answered_at) - queued)
      t.answered++
      t.answerMsTotal += answerMs
      if (answerMs <= targetMs) t.within++
      if (call.ended_at !== null) {
        t.handled++
        t.handleMsTotal += Math.max(0, toMs(call.ended_at) - toMs(call.answered_at))
      }
    } else if (call.status === 'abandoned') {
      const waited = toMs(call.ended_at ?? call.status_changed_at) - queued
      if (waited > shortMs) t.abandoned++
      else t.shortAbandoned++
    } else if (call.status === 'queued' || call.status === 'ringing') {
      t.waiting++
      t.longestWaitMs = Math.max(t.longestWaitMs, now - queued)
    }
  }
  return t
}

function addIntervals(t: Tally, queue: Queue, intervals: Iterable<QueueInterval>, from: number, now: number) {
  for (const i of intervals) {
    if (i.queue_id !== queue.id) continue
    const start = toMs(i.interval_start)
    if (start < from || start > now) continue
    t.offered += i.offered
    t.answered += i.answered
    t.within += i.answered_within
    t.abandoned += i.abandoned
    t.shortAbandoned += i.short_abandoned
    t.answerMsTotal += i.answer_ms
    t.handled += i.handled
    t.handleMsTotal += i.handle_ms
  }
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null)
const mean = (total: number, n: number): number | null => (n > 0 ? total / n : null)

/** Today's figures for `queue` at server time `serverNowMs`, from any iterable of calls (all queues). */
export function queueStats(
  queue: Queue,
  calls: Iterable<Call>,
  serverNowMs: number,
  options: StatsOptions | number = {},
): QueueStats {
  const o = typeof options === 'number' ? { shortAbandonSeconds: options } : options
  const shortMs = (o.shortAbandonSeconds ?? DEFAULT_SHORT_ABANDON_SECONDS) * 1000
  const reset = periodStart(serverNowMs, queue.time_zone, queue.daily_reset_time)
  const from = o.intervals ? intervalStart(reset) : reset
  const t = tally(queue, calls, from, serverNowMs, shortMs, o.intervals !== undefined)
  if (o.intervals) addIntervals(t, queue, o.intervals, from, serverNowMs)
  const concluded = t.answered + t.abandoned
  const serviceLevel = ratio(t.within, concluded)
  return {
    periodStart: from,
    offered: t.offered,
    answered: t.answered,
    answeredWithinTarget: t.within,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    waiting: t.waiting,
    longestWaitMs: t.longestWaitMs,
    serviceLevelPercent: serviceLevel,
    meetsTarget: serviceLevel === null ? null : serviceLevel >= queue.sla_target_percent,
    abandonRatePercent: ratio(t.abandoned, concluded),
    averageSpeedOfAnswerMs: mean(t.answerMsTotal, t.answered),
    averageHandleTimeMs: mean(t.handleMsTotal, t.handled),
  }
}
