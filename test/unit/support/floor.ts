// The demo floor in memory, as the simulator's model holds it after loading: for tests without a database.
import type { Rng } from '../../../src/main/embedded/simulator/random'
import { MONITORS, QUEUES, CAMPAIGNS, RULES } from '../../../src/main/embedded/simulator/demo-data'
import type { Floor, SimAgent } from '../../../src/main/embedded/simulator/model'

export function demoFloor(rng: Rng, now: number): Floor {
  const agents: SimAgent[] = []
  for (const q of QUEUES) {
    for (let i = 0; i < q.agents; i++) {
      agents.push({
        id: rng.uuid(),
        name: `${q.name} ${i}`,
        team: q.name,
        sessionId: rng.uuid(),
        status: i % 9 === 8 ? 'break' : 'available',
        statusSince: now,
        lastSeenAt: now,
        currentCallId: null,
        nextHeartbeatAt: now,
        returnsAt: 0,
        idle: false,
        lastTick: -1,
      })
    }
  }
  return {
    orgId: 'org',
    queues: QUEUES.map((p) => ({
      id: rng.uuid(),
      name: p.name,
      slaSeconds: p.slaSeconds,
      profile: p,
      surge: 1,
    })),
    agents,
    agentById: new Map(agents.map((a) => [a.id, a])),
    calls: new Map(),
    monitors: MONITORS.map((m) => ({
      id: rng.uuid(),
      name: m.name,
      kind: m.kind,
      intervalMs: m.intervalSeconds * 1000,
      baselinePingMs: m.pingMs,
      status: 'up',
      lastPingMs: null,
      lastCheckedAt: null,
      nextPingAt: now,
      failing: false,
      slow: false,
    })),
    campaigns: CAMPAIGNS.map((c) => ({
      id: rng.uuid(),
      name: c.name,
      status: 'active',
      dialTarget: 40,
      dialed: 0,
      connected: 0,
      nextDialAt: now,
      wave: 40,
    })),
    rules: RULES.map((r) => ({ id: rng.uuid(), kind: r.kind, severity: r.severity, threshold: r.threshold })),
  }
}
