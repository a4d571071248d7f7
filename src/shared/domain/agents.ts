// Agent rules: who is in which state, and who is "available" but has stopped heartbeating.
import { AGENT_STATUSES, type AgentSession, type AgentStatus } from './rows'
import { toMs } from './server-time'

/** An available agent whose session has not been seen for this long is flagged idle (5 minutes). */
export const IDLE_AFTER_MS = 5 * 60_000

/**
 * One session per agent: an agent logged in on two desks has two session rows, and counting both would
 * show more people than the floor has. The session with the highest seq (the latest change) wins.
 */
export function currentSessions(sessions: Iterable<AgentSession>): AgentSession[] {
  const byAgent = new Map<string, AgentSession>()
  for (const s of sessions) {
    const prev = byAgent.get(s.agent_id)
    if (!prev || s.seq > prev.seq) byAgent.set(s.agent_id, s)
  }
  return [...byAgent.values()]
}

export function agentsByState(sessions: Iterable<AgentSession>): Record<AgentStatus, number> {
  const counts = Object.fromEntries(AGENT_STATUSES.map((s) => [s, 0])) as Record<AgentStatus, number>
  for (const s of currentSessions(sessions)) counts[s.status]++
  return counts
}

export function isIdle(session: AgentSession, serverNowMs: number, idleAfterMs = IDLE_AFTER_MS): boolean {
  return session.status === 'available' && serverNowMs - toMs(session.last_seen_at) > idleAfterMs
}

export function idleAgents(
  sessions: Iterable<AgentSession>,
  serverNowMs: number,
  idleAfterMs = IDLE_AFTER_MS,
): AgentSession[] {
  return currentSessions(sessions).filter((s) => isIdle(s, serverNowMs, idleAfterMs))
}
