// The floor-wide figures a wall board shows, summed over every queue's "today" (each queue in its own zone
// and reset time, as queue-stats defines them): ratios are recomputed from the summed counts, never averaged.
import { agentsByState } from './agents'
import { queueStats, type QueueStats } from './queue-stats'
import type { AgentSession, AgentStatus, Alert, Call, Monitor, Queue, QueueInterval } from './rows'

export interface BoardFigures {
  serviceLevelPercent: number | null
  waiting: number
  longestWaitMs: number
  abandonRatePercent: number | null
  averageSpeedOfAnswerMs: number | null
  averageHandleTimeMs: number | null
  agents: Record<AgentStatus, number>
  openAlerts: number
  monitorsDown: number
  monitorsTotal: number
  perQueue: { queue: Queue; stats: QueueStats }[]
}

export interface BoardInput {
  queues: Iterable<Queue>
  calls: Iterable<Call>
  /** The day's finished calls as quarter-hour rollups (see queue-stats.ts); without them, calls alone. */
  intervals?: Iterable<QueueInterval>
  sessions: Iterable<AgentSession>
  alerts: Iterable<Alert>
  monitors: Iterable<Monitor>
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? (part / whole) * 100 : null)

export function boardFigures(input: BoardInput, serverNowMs: number): BoardFigures {
  const calls = [...input.calls]
  const intervals = input.intervals ? [...input.intervals] : undefined
  const perQueue = [...input.queues]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((queue) => ({ queue, stats: queueStats(queue, calls, serverNowMs, { intervals }) }))
  let within = 0
  let concluded = 0
  let abandoned = 0
  let answerMs = 0
  let answered = 0
  for (const { stats: s } of perQueue) {
    within += s.answeredWithinTarget
    concluded += s.answered + s.abandoned
    abandoned += s.abandoned
    answered += s.answered
    answerMs += (s.averageSpeedOfAnswerMs ?? 0) * s.answered
  }
  const handled = perQueue.map(({ stats: s }) => s.averageHandleTimeMs).filter((v) => v !== null)
  const monitors = [...input.monitors]
  return {
    serviceLevelPercent: ratio(within, concluded),
    waiting: perQueue.reduce((n, p) => n + p.stats.waiting, 0),
    longestWaitMs: perQueue.reduce((m, p) => Math.max(m, p.stats.longestWaitMs), 0),
    abandonRatePercent: ratio(abandoned, concluded),
    averageSpeedOfAnswerMs: answered > 0 ? answerMs / answered : null,
    // Per-queue handled counts are not exposed; the mean of queue means is close enough for a wall and
    // labelled "avg" there. (The supervisor's Floor view shows each queue's exact AHT.)
    averageHandleTimeMs: handled.length > 0 ? handled.reduce((a, b) => a + b, 0) / handled.length : null,
    agents: agentsByState(input.sessions),
    openAlerts: [...input.alerts].filter((a) => a.status === 'open').length,
    monitorsDown: monitors.filter((m) => m.status === 'down').length,
    monitorsTotal: monitors.filter((m) => m.status !== 'paused').length,
    perQueue,
  }
}
