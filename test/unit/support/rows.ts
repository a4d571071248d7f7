// Valid rows of every streamed table, shaped as Postgres' to_jsonb sends them, for unit tests.
import type { RowByTable, TableName } from '../../../src/shared/domain/tables'
import type { AgentSession, Call, Queue } from '../../../src/shared/domain/rows'

export const ORG = '0f000000-0000-4000-8000-000000000001'

/** A deterministic uuid from a number. */
export function uid(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
}

const ts = '2026-11-21T09:00:00.123456+00:00'
const base = (n: number, seq: number) => ({ id: uid(n), org_id: ORG, seq, updated_at: ts })

export function queueRow(over: Partial<Queue> = {}): Queue {
  return {
    ...base(1, 1),
    name: 'Support',
    sla_target_seconds: 20,
    sla_target_percent: 80,
    time_zone: 'UTC',
    daily_reset_time: '00:00:00',
    ...over,
  }
}

export function callRow(over: Partial<Call> = {}): Call {
  return {
    ...base(100, 10),
    queue_id: uid(1),
    agent_id: null,
    campaign_id: null,
    status: 'queued',
    direction: 'inbound',
    caller_masked: '+44 •••• 123',
    queued_at: ts,
    answered_at: null,
    ended_at: null,
    status_changed_at: ts,
    hold_seconds: 0,
    ...over,
  }
}

export function sessionRow(over: Partial<AgentSession> = {}): AgentSession {
  return {
    ...base(200, 20),
    agent_id: uid(300),
    status: 'available',
    status_since: ts,
    last_seen_at: ts,
    instance_id: null,
    current_call_id: null,
    ...over,
  }
}

/** One valid row per table. */
export const validRows: { [T in TableName]: RowByTable[T] } = {
  queues: queueRow(),
  agents: { ...base(300, 2), user_id: null, name: 'Ada', team: 'Tier 1' },
  campaigns: {
    ...base(400, 3),
    name: 'Renewals',
    status: 'active',
    dial_target: 100,
    dialed: 10,
    connected: 4,
    bid: 1.25,
    payout: 0,
    currency: 'EUR',
  },
  calls: callRow(),
  agent_sessions: sessionRow(),
  monitors: {
    ...base(500, 4),
    name: 'SIP trunk',
    kind: 'sip',
    target: 'sip.example.net',
    status: 'up',
    interval_seconds: 30,
    last_ping_ms: 42,
    last_checked_at: ts,
  },
  heartbeats: {
    ...base(600, 5),
    monitor_id: uid(500),
    status: 'up',
    ping_ms: 42,
    message: null,
    checked_at: ts,
  },
  alert_rules: {
    ...base(700, 6),
    name: 'Long wait',
    kind: 'queue_wait',
    threshold: 60,
    severity: 'warning',
    enabled: true,
    params: { queue_id: uid(1) },
    raise_after_seconds: 30,
    clear_after_seconds: 60,
    escalate_after_minutes: null,
  },
  alerts: {
    ...base(800, 7),
    rule_id: uid(700),
    severity: 'critical',
    title: 'Queue wait over 60 s',
    body: '',
    source_table: 'queues',
    source_id: uid(1),
    status: 'open',
    raised_at: ts,
    acknowledged_at: null,
    acknowledged_by: null,
    snoozed_until: null,
    resolved_at: null,
    resolved_by: null,
    dedupe_key: null,
    escalated_at: null,
  },
  alert_events: {
    ...base(900, 8),
    alert_id: uid(800),
    kind: 'raise',
    actor: null,
    comment: null,
    snooze_until: null,
    client_event_id: null,
    at: ts,
    actor_kind: 'system',
    actor_name: 'Alert rules',
  },
  wallboard_profiles: { ...base(1000, 9), name: 'Floor', layout: { tiles: ['sla'] }, rotation_seconds: 0 },
  queue_intervals: {
    ...base(1100, 10),
    queue_id: uid(1),
    interval_start: '2026-11-21T09:00:00+00:00',
    offered: 12,
    answered: 10,
    answered_within: 8,
    abandoned: 1,
    short_abandoned: 1,
    answer_ms: 152_000,
    handled: 9,
    handle_ms: 1_620_000,
    wait_ms: 310_000,
  },
  monitor_rollups: {
    ...base(1200, 11),
    monitor_id: uid(500),
    span: 'hour',
    bucket_start: '2026-11-21T09:00:00+00:00',
    checks: 120,
    down: 2,
    degraded: 3,
    ping_ms_total: 5_100,
    pinged: 118,
  },
}

export function tombstoneRow(table: TableName, rowId: string, seq: number) {
  return { seq, org_id: ORG, table_name: table, row_id: rowId, deleted_at: ts }
}

/** A quarter hour with nothing in it: every sum of a queue_intervals row at zero. */
export const NO_SUMS = {
  offered: 0,
  answered: 0,
  answered_within: 0,
  abandoned: 0,
  short_abandoned: 0,
  answer_ms: 0,
  handled: 0,
  handle_ms: 0,
  wait_ms: 0,
} as const satisfies Partial<RowByTable['queue_intervals']>
