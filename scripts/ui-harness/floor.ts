// Synthetic floor data for the renderer's harness (screenshots, browser tests, the UI benchmark): a
// deterministic org with queues in several time zones, agents, campaigns, services, alerts and calls.
import type { RowByTable, TableName } from '../../src/shared/domain/tables'
import type { CallStatus } from '../../src/shared/domain/rows'

export const ORG = '00000000-0000-4000-8000-00000000f100'

/** A small deterministic generator (mulberry32), so every run and screenshot shows the same floor. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Upsert = <T extends TableName>(table: T, row: RowByTable[T]) => void

export class Floor {
  seq = 1
  readonly rnd: () => number
  private idCounter = 0
  queues: RowByTable['queues'][] = []
  agents: RowByTable['agents'][] = []
  campaigns: RowByTable['campaigns'][] = []
  monitors: RowByTable['monitors'][] = []

  constructor(
    seed: number,
    readonly now: () => number,
  ) {
    this.rnd = random(seed)
  }

  id(): string {
    const n = (++this.idCounter).toString(16).padStart(12, '0')
    return `00000000-0000-4000-8000-${n}`
  }

  base(id = this.id()) {
    return { id, org_id: ORG, seq: this.seq++, updated_at: new Date(this.now()).toISOString() }
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!
  }

  iso(msAgo: number): string {
    return new Date(this.now() - msAgo).toISOString()
  }
}

const QUEUES = [
  ['Sales', 'Europe/London'],
  ['Support', 'Europe/Paris'],
  ['Billing', 'America/New_York'],
  ['Overflow', 'Asia/Manila'],
  ['Retention', 'Australia/Sydney'],
] as const
const FIRST = [
  'Ada',
  'Ben',
  'Chloé',
  'Dev',
  'Eun-ji',
  'Farah',
  'Gus',
  'Hana',
  'Iker',
  'Jo',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
]
const LAST = [
  'Okafor',
  'Silva',
  'Nguyen',
  'Martin',
  'Kowalski',
  'Haddad',
  'Tanaka',
  'Byrne',
  'Costa',
  'Ivanova',
]
const CAMPAIGNS = ['Spring renewals', 'Win-back Q2', 'Broadband upsell', 'Survey follow-up']
const MONITORS = [
  ['SIP trunk A', 'sip', 'sip:trunk-a.example.net'],
  ['SIP trunk B', 'sip', 'sip:trunk-b.example.net'],
  ['CRM API', 'http', 'https://crm.example.com/health'],
  ['IVR', 'http', 'https://ivr.example.com/ping'],
  ['Recording store', 'tcp', 'rec.example.net:443'],
  ['Reporting DB', 'database', 'db.example.net:5432'],
] as const

export function seedStatic(f: Floor, upsert: Upsert, agentCount: number): void {
  for (const [name, zone] of QUEUES) {
    const q = {
      ...f.base(),
      name,
      sla_target_seconds: 20,
      sla_target_percent: 80,
      time_zone: zone,
      daily_reset_time: '00:00:00',
    }
    f.queues.push(q)
    upsert('queues', q)
  }
  for (let i = 0; i < agentCount; i++) {
    const a = {
      ...f.base(),
      user_id: null,
      name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
      team: `Team ${1 + (i % 4)}`,
    }
    f.agents.push(a)
    upsert('agents', a)
  }
  CAMPAIGNS.forEach((name, i) => {
    const target = 2000 + i * 1500
    const c = {
      ...f.base(),
      name,
      status: i === 3 ? ('paused' as const) : ('active' as const),
      dial_target: target,
      dialed: Math.floor(target * (0.2 + 0.2 * i)),
      connected: Math.floor(target * (0.08 + 0.05 * i)),
      bid: 1.25 + i * 0.4,
      payout: 2.5 + i * 0.75,
      currency: i === 2 ? 'EUR' : 'USD',
    }
    f.campaigns.push(c)
    upsert('campaigns', c)
  })
  seedMonitors(f, upsert)
}

function seedMonitors(f: Floor, upsert: Upsert): void {
  MONITORS.forEach(([name, kind, target], i) => {
    const status = i === 1 ? ('degraded' as const) : i === 4 ? ('down' as const) : ('up' as const)
    const m = {
      ...f.base(),
      name,
      kind,
      target,
      status,
      interval_seconds: 30,
      last_ping_ms: 20 + i * 9,
      last_checked_at: f.iso(5_000),
    }
    f.monitors.push(m)
    upsert('monitors', m)
    for (let b = 40; b > 0; b--) heartbeat(f, upsert, m, b * 30_000, b < 4 ? status : 'up')
  })
}

export function heartbeat(
  f: Floor,
  upsert: Upsert,
  m: RowByTable['monitors'],
  msAgo: number,
  status = m.status,
): void {
  const s = status === 'pending' || status === 'paused' ? 'up' : status
  const ping = s === 'down' ? null : Math.round(15 + f.rnd() * 40 + (s === 'degraded' ? 180 : 0))
  upsert('heartbeats', {
    ...f.base(),
    monitor_id: m.id,
    status: s,
    ping_ms: ping,
    message: s === 'down' ? 'connection refused' : null,
    checked_at: f.iso(msAgo),
  })
}

const LIVE: CallStatus[] = ['queued', 'ringing', 'active', 'active', 'active', 'active', 'on_hold', 'wrap_up']
const ENDED: CallStatus[] = ['completed', 'completed', 'completed', 'abandoned']

export function newCall(f: Floor, status: CallStatus = f.pick([...LIVE, ...ENDED])): RowByTable['calls'] {
  const waiting = status === 'queued' || status === 'ringing'
  const queued = waiting ? 2_000 + f.rnd() * f.rnd() * 90_000 : 60_000 + f.rnd() * 40 * 60_000
  const answeredAgo =
    status === 'queued' || status === 'ringing' || status === 'abandoned'
      ? null
      : queued - (2_000 + f.rnd() * f.rnd() * 45_000)
  const endedAgo =
    status === 'completed' || status === 'abandoned'
      ? Math.max(0, (answeredAgo ?? queued) - 60_000 - f.rnd() * 200_000)
      : null
  const hasAgent = answeredAgo !== null || status === 'ringing'
  return {
    ...f.base(),
    queue_id: f.pick(f.queues).id,
    agent_id: hasAgent ? f.pick(f.agents).id : null,
    campaign_id: f.rnd() < 0.3 ? f.pick(f.campaigns).id : null,
    status,
    direction: f.rnd() < 0.85 ? 'inbound' : 'outbound',
    caller_masked: `+44 •••• ${String(Math.floor(f.rnd() * 9000) + 1000)}`,
    queued_at: f.iso(queued),
    answered_at: answeredAgo === null ? null : f.iso(Math.max(0, answeredAgo)),
    ended_at: endedAgo === null ? null : f.iso(endedAgo),
    status_changed_at: f.iso(
      endedAgo ?? (answeredAgo !== null ? Math.max(0, answeredAgo * f.rnd()) : queued * f.rnd()),
    ),
    hold_seconds: status === 'on_hold' ? Math.floor(f.rnd() * 60) : 0,
  }
}

const NEXT: Partial<Record<CallStatus, CallStatus[]>> = {
  queued: ['ringing', 'ringing', 'abandoned'],
  ringing: ['active'],
  active: ['on_hold', 'wrap_up', 'wrap_up'],
  on_hold: ['active'],
  wrap_up: ['completed'],
}

/** The call's next status, with the timestamps that go with it; null for a call that has ended. */
export function advance(f: Floor, call: RowByTable['calls']): RowByTable['calls'] | null {
  const options = NEXT[call.status]
  if (!options) return null
  const status = f.pick(options)
  const now = new Date(f.now()).toISOString()
  return {
    ...call,
    ...f.base(call.id),
    status,
    status_changed_at: now,
    agent_id: call.agent_id ?? (status === 'ringing' ? f.pick(f.agents).id : null),
    answered_at: status === 'active' && !call.answered_at ? now : call.answered_at,
    ended_at: status === 'completed' || status === 'abandoned' ? now : call.ended_at,
    hold_seconds:
      status === 'active' && call.status === 'on_hold' ? call.hold_seconds + 15 : call.hold_seconds,
  }
}
