// Calls: arriving and waiting in queues, routed to agents, ringing, talking, on hold, wrapping up;
// abandoned when callers lose patience, failing now and then. One status change per call per tick, so
// every step of a call's life reaches the database (and Realtime) as its own change.
import { PACE } from './demo-data'
import { freeAgents, release, setAgent } from './agents'
import { TERMINAL, type CallStatus, type Floor, type SimAgent, type SimCall, type SimQueue } from './model'
import { clock, type Tick } from './tick'

const OUTBOUND_TALK_MS = 100_000

function move(call: SimCall, status: CallStatus, t: Tick, floor: Floor): void {
  call.status = status
  call.statusChangedAt = t.now
  call.lastTick = t.index
  t.changes.calls.add(call)
  if (status === 'wrap_up' || TERMINAL.has(status)) call.endedAt ??= t.now
  if (TERMINAL.has(status)) {
    call.nextAt = Infinity
    floor.calls.delete(call.id)
  }
}

function newCall(
  floor: Floor,
  t: Tick,
  fields: Partial<SimCall> & Pick<SimCall, 'direction' | 'caller'>,
): SimCall {
  const call: SimCall = {
    id: t.rng.uuid(),
    queueId: null,
    campaignId: null,
    status: 'queued',
    agentId: null,
    queuedAt: t.now,
    answeredAt: null,
    endedAt: null,
    statusChangedAt: t.now,
    holdSeconds: 0,
    nextAt: Infinity,
    patienceAt: Infinity,
    holdsLeft: 0,
    holdStartedAt: null,
    talkLeftMs: 0,
    routable: true,
    lastTick: t.index,
    ...fields,
  }
  floor.calls.set(call.id, call)
  t.changes.calls.add(call)
  return call
}

export function arrivals(floor: Floor, t: Tick): void {
  const trunkDown = floor.monitors.some((m) => m.kind === 'sip' && m.failing)
  const failChance = trunkDown ? PACE.failWhileTrunkDownChance : PACE.failAtArrivalChance
  for (const queue of floor.queues) {
    const p = queue.profile
    const count = t.rng.poisson((p.arrivalsPerSecond * queue.surge * t.dtMs * t.speed) / 1000)
    for (let i = 0; i < count; i++) {
      const doomed = t.rng.chance(failChance)
      newCall(floor, t, {
        queueId: queue.id,
        direction: 'inbound',
        caller: `${p.dialPrefix}••${t.rng.int(100, 999)}`,
        patienceAt: t.now + clock(t, t.rng.skewed(p.patienceMs, 0.6)),
        nextAt: doomed ? t.now + clock(t, t.rng.between(1000, 4000)) : Infinity,
        routable: !doomed,
      })
    }
  }
}

/** The outbound dialer: each active campaign places calls until it reaches its target, then rests. */
export function dial(floor: Floor, t: Tick): void {
  for (const campaign of floor.campaigns) {
    if (campaign.status === 'completed' && t.now >= campaign.nextDialAt) {
      campaign.dialTarget += campaign.wave
      campaign.status = 'active'
      t.changes.campaigns.add(campaign)
    }
    if (campaign.status !== 'active') continue
    let pending = 0
    for (const c of floor.calls.values()) if (c.campaignId === campaign.id && c.status === 'queued') pending++
    for (let n = 0; n < 20 && t.now >= campaign.nextDialAt; n++) {
      campaign.nextDialAt = Math.max(campaign.nextDialAt, t.now - clock(t, PACE.dialEveryMs))
      campaign.nextDialAt += clock(t, t.rng.exponential(PACE.dialEveryMs))
      if (campaign.dialed + pending >= campaign.dialTarget) break
      pending++
      newCall(floor, t, {
        campaignId: campaign.id,
        direction: 'outbound',
        // Masked like an inbound caller's: a dialled customer's number is as personal as a caller's.
        caller: `+44 20 7946 0••${t.rng.int(100, 999)}`,
        nextAt: t.now + clock(t, PACE.outboundWaitMs),
      })
    }
  }
}

export function routeCalls(floor: Floor, t: Tick): void {
  const waiting: SimCall[] = []
  for (const c of floor.calls.values())
    if (c.status === 'queued' && c.routable && c.lastTick !== t.index) waiting.push(c)
  // Most ticks nobody waits: no agent list to build.
  if (waiting.length === 0) return
  const free = freeAgents(floor, t)
  if (free.length === 0) return
  waiting.sort((a, b) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1))
  const queues = new Map(floor.queues.map((q) => [q.id, q]))
  // Inbound callers first; the dialer only gets agents nobody is waiting for.
  for (const call of waiting.filter((c) => c.direction === 'inbound')) {
    const queue = call.queueId ? queues.get(call.queueId) : undefined
    const agent = takeAgent(free, call, queue, t)
    if (agent) assign(call, agent, floor, t)
    if (free.length === 0) return
  }
  for (const call of waiting.filter((c) => c.direction === 'outbound')) {
    const agent = free.shift()
    if (!agent) return
    assign(call, agent, floor, t)
  }
}

/** An agent of the call's own team, or anyone once the caller has waited past the queue's SLA. */
function takeAgent(
  free: SimAgent[],
  call: SimCall,
  queue: SimQueue | undefined,
  t: Tick,
): SimAgent | undefined {
  let index = free.findIndex((a) => !queue || a.team === queue.name)
  const waitedWorldS = ((t.now - call.queuedAt) * t.speed) / 1000
  if (index < 0 && (!queue || waitedWorldS > queue.slaSeconds)) index = 0
  return index < 0 ? undefined : free.splice(index, 1)[0]
}

function assign(call: SimCall, agent: SimAgent, floor: Floor, t: Tick): void {
  const ring: readonly [number, number] = call.direction === 'outbound' ? PACE.outboundRingMs : PACE.ringMs
  call.agentId = agent.id
  call.nextAt = t.now + clock(t, t.rng.between(...ring))
  move(call, 'ringing', t, floor)
  setAgent(agent, 'on_call', t, call.id)
  const campaign = call.campaignId ? floor.campaigns.find((c) => c.id === call.campaignId) : undefined
  if (campaign) {
    campaign.dialed++
    if (campaign.dialed >= campaign.dialTarget) {
      campaign.status = 'completed'
      campaign.nextDialAt = t.now + clock(t, PACE.campaignRestMs)
    }
    t.changes.campaigns.add(campaign)
  }
}

/** Every call whose time has come takes its next step. */
export function advanceCalls(floor: Floor, t: Tick): void {
  for (const call of [...floor.calls.values()]) {
    if (call.lastTick === t.index) continue
    if (call.status === 'queued' && t.now >= call.patienceAt && call.direction === 'inbound') {
      move(call, 'abandoned', t, floor)
    } else if (t.now >= call.nextAt) {
      stepCall(call, floor, t)
    }
  }
}

function stepCall(call: SimCall, floor: Floor, t: Tick): void {
  const agent = call.agentId ? floor.agentById.get(call.agentId) : undefined
  switch (call.status) {
    case 'queued':
      // A doomed setup, or an outbound call no agent picked up in time.
      return move(call, 'failed', t, floor)
    case 'ringing':
      return answer(call, agent, floor, t)
    case 'active':
      return afterTalk(call, agent, floor, t)
    case 'on_hold':
      call.holdSeconds += Math.round((t.now - (call.holdStartedAt ?? t.now)) / 1000)
      call.holdStartedAt = null
      call.nextAt = t.now + clock(t, call.holdsLeft > 0 ? call.talkLeftMs / 2 : call.talkLeftMs)
      call.talkLeftMs = call.holdsLeft > 0 ? call.talkLeftMs / 2 : 0
      return move(call, 'active', t, floor)
    case 'wrap_up':
      move(call, 'completed', t, floor)
      return release(agent, t, true)
  }
}

function answer(call: SimCall, agent: SimAgent | undefined, floor: Floor, t: Tick): void {
  const campaign = call.campaignId ? floor.campaigns.find((c) => c.id === call.campaignId) : undefined
  if (call.direction === 'outbound' && !t.rng.chance(PACE.outboundConnectChance)) {
    move(call, 'failed', t, floor)
    return release(agent, t)
  }
  if (campaign) {
    campaign.connected++
    t.changes.campaigns.add(campaign)
  }
  const queue = floor.queues.find((q) => q.id === call.queueId)
  const talk = t.rng.skewed(queue?.profile.talkMs ?? OUTBOUND_TALK_MS)
  call.holdsLeft = t.rng.chance(PACE.holdChance) ? (t.rng.chance(0.2) ? 2 : 1) : 0
  const first = call.holdsLeft > 0 ? talk * t.rng.between(0.25, 0.6) : talk
  call.talkLeftMs = talk - first
  call.answeredAt = t.now
  call.nextAt = t.now + clock(t, first)
  move(call, 'active', t, floor)
}

function afterTalk(call: SimCall, agent: SimAgent | undefined, floor: Floor, t: Tick): void {
  if (call.holdsLeft > 0) {
    call.holdsLeft--
    call.holdStartedAt = t.now
    call.nextAt = t.now + clock(t, t.rng.between(...PACE.holdMs))
    return move(call, 'on_hold', t, floor)
  }
  if (t.rng.chance(PACE.dropChance)) {
    move(call, 'failed', t, floor)
    return release(agent, t)
  }
  call.nextAt = t.now + clock(t, t.rng.between(...PACE.wrapMs))
  move(call, 'wrap_up', t, floor)
  if (agent) setAgent(agent, 'wrap_up', t, call.id)
}
