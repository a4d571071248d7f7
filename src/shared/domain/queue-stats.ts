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
import type { Call, Queue } from './rows'
import { toMs } from './server-time'
import { periodStart } from './zone'

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

function tally(queue: Queue, calls: Iterable<Call>, from: number, now: number, shortMs: number): Tally {
  const t: Tally = {
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
  const targetMs = queue.sla_target_seconds * 1000
  for (const call of calls) {
    if (call.queue_id !== queue.id || call.direction !== 'inbound' || call.status === 'failed') continue
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

const ratio = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null)
const mean = (total: number, n: number): number | null => (n > 0 ? total / n : null)

/** Today's figures for `queue` at server time `serverNowMs`, from any iterable of calls (all queues). */
export function queueStats(
  queue: Queue,
  calls: Iterable<Call>,
  serverNowMs: number,
  shortAbandonSeconds = DEFAULT_SHORT_ABANDON_SECONDS,
): QueueStats {
  const from = periodStart(serverNowMs, queue.time_zone, queue.daily_reset_time)
  const t = tally(queue, calls, from, serverNowMs, shortAbandonSeconds * 1000)
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
