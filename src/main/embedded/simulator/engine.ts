// One tick of the floor, in a fixed order so that a seed replays exactly: incidents, calls moving on,
// new arrivals and dialling, routing, agents' own changes, heartbeats, service checks.
import { PACE } from './demo-data'
import { heartbeatAgents, setAgent, updateRoster } from './agents'
import { advanceCalls, arrivals, dial, routeCalls } from './calls'
import type { IncidentDirector } from './incidents'
import { WITH_AGENT, type Floor, type SimCall } from './model'
import { pingMonitors } from './monitors'
import { clock, type Tick } from './tick'

export function runTick(floor: Floor, t: Tick, incidents: IncidentDirector): void {
  incidents.update(floor, t)
  advanceCalls(floor, t)
  arrivals(floor, t)
  dial(floor, t)
  routeCalls(floor, t)
  updateRoster(floor, t)
  heartbeatAgents(floor, t)
  pingMonitors(floor, t)
}

/**
 * Prepares a freshly loaded floor: spreads heartbeats and checks over their intervals (no thundering
 * start), and makes calls and agents left by an earlier run agree with each other.
 */
export function prepareFloor(floor: Floor, t: Tick): void {
  for (const agent of floor.agents) {
    agent.nextHeartbeatAt = t.now + clock(t, t.rng.next() * PACE.agentHeartbeatMs)
  }
  // Monitor intervals are clock time (see monitors.ts).
  for (const monitor of floor.monitors) monitor.nextPingAt = t.now + t.rng.next() * monitor.intervalMs
  for (const campaign of floor.campaigns) {
    campaign.nextDialAt = t.now + clock(t, t.rng.exponential(PACE.dialEveryMs))
    if (campaign.status === 'completed') campaign.nextDialAt = t.now + clock(t, PACE.campaignRestMs)
  }
  for (const call of floor.calls.values()) adopt(call, floor, t)
  for (const agent of floor.agents) {
    const call = agent.currentCallId ? floor.calls.get(agent.currentCallId) : undefined
    if (agent.currentCallId && (!call || call.agentId !== agent.id || !WITH_AGENT.has(call.status))) {
      setAgent(agent, 'available', t)
    } else if (!agent.currentCallId && (agent.status === 'on_call' || agent.status === 'wrap_up')) {
      setAgent(agent, 'available', t)
    }
  }
}

/**
 * How much longer a call taken over in mid-flight stays in its state (world ms): a share of a typical stay,
 * so the calls of a floor loaded mid-shift (a restart, the backfilled morning) end one by one, not all at once.
 */
function remainingMs(call: SimCall, floor: Floor, t: Tick): number {
  const talkMs = floor.queues.find((q) => q.id === call.queueId)?.profile.talkMs ?? 100_000
  const typical =
    call.status === 'active'
      ? talkMs
      : call.status === 'on_hold'
        ? PACE.holdMs[1]
        : call.status === 'wrap_up'
          ? PACE.wrapMs[1]
          : PACE.ringMs[1]
  return Math.max(1_000, t.rng.next() * typical)
}

/** A call still in progress from an earlier run: it continues where it was, or ends if its agent left it. */
function adopt(call: SimCall, floor: Floor, t: Tick): void {
  const agent = call.agentId ? floor.agentById.get(call.agentId) : undefined
  if (call.status === 'queued') {
    call.agentId = null
    call.patienceAt = t.now + clock(t, t.rng.exponential(60_000))
    call.nextAt = call.direction === 'outbound' ? t.now + clock(t, PACE.outboundWaitMs) : Infinity
    return
  }
  if (agent && agent.currentCallId === call.id) {
    call.nextAt = t.now + clock(t, remainingMs(call, floor, t))
    return
  }
  // Nobody is on this call any more: it ends the only way its state allows.
  call.status = call.status === 'wrap_up' ? 'completed' : 'failed'
  call.statusChangedAt = t.now
  call.endedAt ??= t.now
  call.lastTick = t.index
  t.changes.calls.add(call)
  floor.calls.delete(call.id)
}
