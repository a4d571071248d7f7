// The simulator's picture of one organisation's floor. It is the source of truth while the simulator
// runs: each tick changes it in memory and the writer persists what changed. Loaded from the database
// at start, so a restart on a persistent data folder carries on with the calls still in progress.
import type { BackendContext } from '../context'
import { QUEUES, MONITORS, type QueueProfile } from './demo-data'

export type CallStatus =
  'queued' | 'ringing' | 'active' | 'on_hold' | 'wrap_up' | 'completed' | 'abandoned' | 'failed'
export type AgentStatus = 'available' | 'on_call' | 'wrap_up' | 'break' | 'offline'
export type MonitorStatus = 'up' | 'down' | 'degraded' | 'pending' | 'paused'

export const TERMINAL: ReadonlySet<CallStatus> = new Set(['completed', 'abandoned', 'failed'])
/** Statuses in which a call occupies its agent. */
export const WITH_AGENT: ReadonlySet<CallStatus> = new Set(['ringing', 'active', 'on_hold', 'wrap_up'])

export interface SimQueue {
  id: string
  name: string
  slaSeconds: number
  profile: QueueProfile
  /** Arrival multiplier; a surge incident raises it. */
  surge: number
}

export interface SimAgent {
  id: string
  name: string
  team: string | null
  sessionId: string
  status: AgentStatus
  statusSince: number
  lastSeenAt: number
  currentCallId: string | null
  nextHeartbeatAt: number
  /** When a break or a logout ends (clock ms); 0 when not applicable. */
  returnsAt: number
  /** Incident: away from the desk while "available" — no heartbeats, no calls. */
  idle: boolean
  /** The tick this agent last changed state in; it does not change twice in one tick. */
  lastTick: number
}

export interface SimCall {
  id: string
  queueId: string | null
  campaignId: string | null
  direction: 'inbound' | 'outbound'
  status: CallStatus
  agentId: string | null
  caller: string
  queuedAt: number
  answeredAt: number | null
  endedAt: number | null
  statusChangedAt: number
  holdSeconds: number
  /** Next scheduled transition (clock ms); Infinity when none is scheduled. */
  nextAt: number
  /** A queued call is abandoned at this time. */
  patienceAt: number
  holdsLeft: number
  holdStartedAt: number | null
  /** Talk time still to go after the current hold, world ms. */
  talkLeftMs: number
  /** False for a call doomed to fail before it reaches anyone (it is never routed). */
  routable: boolean
  lastTick: number
}

export interface SimMonitor {
  id: string
  name: string
  kind: string
  intervalMs: number
  baselinePingMs: number
  status: MonitorStatus
  lastPingMs: number | null
  lastCheckedAt: number | null
  nextPingAt: number
  failing: boolean
  /** Incident: answers, but slower than the demo's ping rule allows. */
  slow: boolean
}

export interface SimCampaign {
  id: string
  name: string
  status: 'draft' | 'active' | 'paused' | 'completed'
  dialTarget: number
  dialed: number
  connected: number
  nextDialAt: number
  /** A completed campaign starts a new wave of this size after a rest. */
  wave: number
}

export interface SimRule {
  id: string
  kind: string
  severity: 'info' | 'warning' | 'critical'
  threshold: number
}

export interface Floor {
  orgId: string
  queues: SimQueue[]
  agents: SimAgent[]
  agentById: Map<string, SimAgent>
  calls: Map<string, SimCall>
  monitors: SimMonitor[]
  campaigns: SimCampaign[]
  rules: SimRule[]
}

const DEFAULT_PROFILE = QUEUES[1]!
const ts = (v: unknown, fallback: number): number => (v instanceof Date ? v.getTime() : fallback)

export async function loadFloor(ctx: BackendContext, orgId: string, now: number): Promise<Floor> {
  const q = <T>(sql: string) => ctx.db.query<T>(sql, [orgId]).then((r) => r.rows)
  const [queues, agents, monitors, campaigns, rules] = await Promise.all([
    q<{ id: string; name: string; sla_target_seconds: number }>(
      'select id::text, name, sla_target_seconds from public.queues where org_id = $1 order by name, id',
    ),
    q<AgentRow>(`select distinct on (a.name, a.id) a.id::text, a.name, a.team, s.id::text as session_id, s.status,
        s.status_since, s.last_seen_at, s.current_call_id::text
        from public.agents a join public.agent_sessions s on s.agent_id = a.id
       where a.org_id = $1 order by a.name, a.id, s.status_since desc`),
    loadMonitorRows(ctx, orgId),
    q<CampaignRow>(`select id::text, name, status, dial_target, dialed, connected
        from public.campaigns where org_id = $1 order by name, id`),
    q<{ id: string; kind: string; severity: SimRule['severity']; threshold: string }>(
      'select id::text, kind, severity, threshold::text from public.alert_rules where org_id = $1 and enabled order by kind, id',
    ),
  ])
  const calls =
    await q<CallRow>(`select id::text, queue_id::text, campaign_id::text, direction, status, agent_id::text,
      caller_masked, queued_at, answered_at, ended_at, status_changed_at, hold_seconds
      from public.calls where org_id = $1 and status not in ('completed', 'abandoned', 'failed')
     order by queued_at, id`)
  const agentList = agents.map((r) => toAgent(r, now))
  return {
    orgId,
    queues: queues.map((r) => ({
      id: r.id,
      name: r.name,
      slaSeconds: r.sla_target_seconds,
      profile: QUEUES.find((p) => p.name === r.name) ?? DEFAULT_PROFILE,
      surge: 1,
    })),
    agents: agentList,
    agentById: new Map(agentList.map((a) => [a.id, a])),
    calls: new Map(calls.map((r) => [r.id, toCall(r, now)])),
    monitors: monitors.map((r) => toMonitor(r, now)),
    campaigns: campaigns.map((r) => ({
      ...r,
      nextDialAt: now,
      wave: r.dial_target,
      dialTarget: r.dial_target,
    })),
    rules: rules.map((r) => ({ ...r, threshold: Number(r.threshold) })),
  }
}

interface AgentRow {
  id: string
  name: string
  team: string | null
  session_id: string
  status: AgentStatus
  status_since: Date
  last_seen_at: Date
  current_call_id: string | null
}
export interface MonitorRow {
  id: string
  name: string
  kind: string
  interval_seconds: number
  status: MonitorStatus
  last_ping_ms: number | null
  last_checked_at: Date | null
}
interface CampaignRow {
  id: string
  name: string
  status: SimCampaign['status']
  dial_target: number
  dialed: number
  connected: number
}
interface CallRow {
  id: string
  queue_id: string | null
  campaign_id: string | null
  direction: 'inbound' | 'outbound'
  status: CallStatus
  agent_id: string | null
  caller_masked: string
  queued_at: Date
  answered_at: Date | null
  ended_at: Date | null
  status_changed_at: Date
  hold_seconds: number
}

function toAgent(r: AgentRow, now: number): SimAgent {
  return {
    id: r.id,
    name: r.name,
    team: r.team,
    sessionId: r.session_id,
    status: r.status,
    statusSince: ts(r.status_since, now),
    lastSeenAt: ts(r.last_seen_at, now),
    currentCallId: r.current_call_id,
    nextHeartbeatAt: now,
    returnsAt: 0,
    idle: false,
    lastTick: -1,
  }
}

function toCall(r: CallRow, now: number): SimCall {
  return {
    id: r.id,
    queueId: r.queue_id,
    campaignId: r.campaign_id,
    direction: r.direction,
    status: r.status,
    agentId: r.agent_id,
    caller: r.caller_masked,
    queuedAt: ts(r.queued_at, now),
    answeredAt: r.answered_at ? ts(r.answered_at, now) : null,
    endedAt: r.ended_at ? ts(r.ended_at, now) : null,
    statusChangedAt: ts(r.status_changed_at, now),
    holdSeconds: r.hold_seconds,
    // Calls picked up from a previous run move on at the first tick.
    nextAt: now,
    patienceAt: now,
    holdsLeft: 0,
    holdStartedAt: r.status === 'on_hold' ? now : null,
    talkLeftMs: 0,
    routable: true,
    lastTick: -1,
  }
}

/** The monitors the simulator checks: every one not paused, as the database has them now. */
export async function loadMonitorRows(ctx: BackendContext, orgId: string): Promise<MonitorRow[]> {
  const { rows } = await ctx.db.query<MonitorRow>(
    `select id::text, name, kind, interval_seconds, status, last_ping_ms, last_checked_at
       from public.monitors where org_id = $1 and status <> 'paused' order by name, id`,
    [orgId],
  )
  return rows
}

export function toMonitor(r: MonitorRow, now: number): SimMonitor {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    intervalMs: r.interval_seconds * 1000,
    baselinePingMs: MONITORS.find((m) => m.name === r.name)?.pingMs ?? 50,
    status: r.status,
    lastPingMs: r.last_ping_ms,
    lastCheckedAt: r.last_checked_at ? r.last_checked_at.getTime() : null,
    nextPingAt: now,
    failing: false,
    slow: false,
  }
}
