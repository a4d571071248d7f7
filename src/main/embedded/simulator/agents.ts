// Agents: signed in or not, on a break, taking calls, and their softphones heartbeating.
import { PACE } from './demo-data'
import type { AgentStatus, Floor, SimAgent } from './model'
import { clock, hazard, type Tick } from './tick'

export function setAgent(agent: SimAgent, status: AgentStatus, t: Tick, callId: string | null = null): void {
  agent.status = status
  agent.statusSince = t.now
  agent.currentCallId = callId
  agent.lastTick = t.index
  agent.returnsAt = 0
  t.changes.agents.add(agent)
}

/** An agent done with a call: back to available, or now and then straight onto a break. */
export function release(agent: SimAgent | undefined, t: Tick, mayBreak = false): void {
  if (!agent) return
  if (mayBreak && t.rng.chance(PACE.breakAfterCallChance)) {
    setAgent(agent, 'break', t)
    agent.returnsAt = t.now + clock(t, t.rng.between(...PACE.breakMs))
  } else {
    setAgent(agent, 'available', t)
  }
}

/** Breaks, logouts and returns. Agents with a call are left alone: the call decides for them. */
export function updateRoster(floor: Floor, t: Tick): void {
  for (const agent of floor.agents) {
    if (agent.lastTick === t.index || agent.currentCallId || agent.idle) continue
    if (agent.status === 'available') {
      if (t.rng.chance(hazard(t, PACE.breakEveryMs))) {
        setAgent(agent, 'break', t)
        agent.returnsAt = t.now + clock(t, t.rng.between(...PACE.breakMs))
      } else if (t.rng.chance(hazard(t, PACE.logoutEveryMs))) {
        setAgent(agent, 'offline', t)
        agent.returnsAt = t.now + clock(t, t.rng.between(...PACE.offlineMs))
      }
    } else if (agent.status === 'break' || agent.status === 'offline') {
      // Loaded from the database: when this absence ends was not stored, so draw it now.
      if (agent.returnsAt === 0) {
        const range = agent.status === 'break' ? PACE.breakMs : PACE.offlineMs
        agent.returnsAt = t.now + clock(t, t.rng.between(0, range[1]))
      } else if (t.now >= agent.returnsAt) {
        setAgent(agent, 'available', t)
      }
    }
  }
}

/** Softphones report in every ~15 world seconds; any state change counts as a sign of life too. */
export function heartbeatAgents(floor: Floor, t: Tick): void {
  for (const agent of floor.agents) {
    if (agent.idle) continue
    const changed = agent.lastTick === t.index
    const due = agent.status !== 'offline' && t.now >= agent.nextHeartbeatAt
    if (!changed && !due) continue
    agent.lastSeenAt = t.now
    agent.nextHeartbeatAt = t.now + clock(t, PACE.agentHeartbeatMs * t.rng.between(0.8, 1.2))
    t.changes.agents.add(agent)
  }
}

/** Free agents in the order a call centre routes to them: longest idle first. */
export function freeAgents(floor: Floor, t: Tick): SimAgent[] {
  return floor.agents
    .filter((a) => a.status === 'available' && !a.idle && !a.currentCallId && a.lastTick !== t.index)
    .sort((a, b) => a.statusSince - b.statusSince || (a.id < b.id ? -1 : 1))
}
