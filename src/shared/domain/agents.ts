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

/** A break longer than this is flagged for the supervisor (15 minutes: a usual scheduled break). */
export const LONG_BREAK_MS = 15 * 60_000

export function isLongBreak(session: AgentSession, serverNowMs: number, afterMs = LONG_BREAK_MS): boolean {
  return session.status === 'break' && serverNowMs - toMs(session.status_since) > afterMs
}

export type AgentSortKey = 'name' | 'team' | 'state' | 'in' | 'seen'

/** Rows of the agents table in the order asked for; ties by name, so the order never flickers. */
export function sortAgents<T extends { s: AgentSession; name: string; team: string }>(
  rows: T[],
  key: AgentSortKey,
  dir: 'asc' | 'desc',
): T[] {
  const by: Record<AgentSortKey, (a: T, b: T) => number> = {
    name: () => 0,
    team: (a, b) => a.team.localeCompare(b.team),
    state: (a, b) => AGENT_STATUSES.indexOf(a.s.status) - AGENT_STATUSES.indexOf(b.s.status),
    in: (a, b) => toMs(b.s.status_since) - toMs(a.s.status_since),
    seen: (a, b) => toMs(b.s.last_seen_at) - toMs(a.s.last_seen_at),
  }
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => sign * (by[key](a, b) || a.name.localeCompare(b.name)))
}
