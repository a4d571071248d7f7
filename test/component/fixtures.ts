// Row builders for component tests: valid rows with sensible defaults, overridden per test.
import type { Delta } from '../../src/shared/domain/delta'
import type { RowByTable, TableName } from '../../src/shared/domain/tables'
import type { HealthReport, HealthState } from '../../src/shared/health'
import { NO_SUMS } from '../unit/support/rows'

export const ORG = '00000000-0000-4000-8000-0000000000a1'
let n = 0
let seq = 1
export const uuid = () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`
const iso = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString()
const base = (id = uuid()) => ({ id, org_id: ORG, seq: seq++, updated_at: iso() })

export const up = <T extends TableName>(table: T, row: RowByTable[T]): Delta =>
  ({ kind: 'upsert', table, id: row.id, row }) as Delta

export function queue(p: Partial<RowByTable['queues']> = {}): RowByTable['queues'] {
  return {
    ...base(),
    name: 'Sales',
    sla_target_seconds: 20,
    sla_target_percent: 80,
    time_zone: 'Europe/London',
    daily_reset_time: '00:00:00',
    ...p,
  }
}

export function call(p: Partial<RowByTable['calls']> = {}): RowByTable['calls'] {
  return {
    ...base(),
    queue_id: null,
    agent_id: null,
    campaign_id: null,
    status: 'queued',
    direction: 'inbound',
    caller_masked: '+44 •••• 1234',
    queued_at: iso(30_000),
    answered_at: null,
    ended_at: null,
    status_changed_at: iso(30_000),
    hold_seconds: 0,
    ...p,
  }
}

export function agent(p: Partial<RowByTable['agents']> = {}): RowByTable['agents'] {
  return { ...base(), user_id: null, name: 'Ada Okafor', team: 'Team 1', ...p }
}

export function session(
  agentId: string,
  p: Partial<RowByTable['agent_sessions']> = {},
): RowByTable['agent_sessions'] {
  return {
    ...base(),
    agent_id: agentId,
    status: 'available',
    status_since: iso(60_000),
    last_seen_at: iso(5_000),
    instance_id: null,
    current_call_id: null,
    ...p,
  }
}

export function alert(p: Partial<RowByTable['alerts']> = {}): RowByTable['alerts'] {
  return {
    ...base(),
    rule_id: null,
    severity: 'critical',
    title: 'SIP trunk down',
    body: 'No answer for 3 checks.',
    source_table: null,
    source_id: null,
    status: 'open',
    raised_at: iso(120_000),
    acknowledged_at: null,
    acknowledged_by: null,
    snoozed_until: null,
    resolved_at: null,
    resolved_by: null,
    dedupe_key: null,
    escalated_at: null,
    ...p,
  }
}

export function alertEvent(
  alertId: string,
  p: Partial<RowByTable['alert_events']> = {},
): RowByTable['alert_events'] {
  return {
    ...base(),
    alert_id: alertId,
    kind: 'raise',
    actor: null,
    comment: null,
    snooze_until: null,
    client_event_id: null,
    at: iso(120_000),
    actor_kind: 'system',
    actor_name: 'Alert rules',
    ...p,
  }
}

export function monitor(p: Partial<RowByTable['monitors']> = {}): RowByTable['monitors'] {
  return {
    ...base(),
    name: 'CRM API',
    kind: 'http',
    target: 'https://crm.example/health',
    status: 'up',
    interval_seconds: 30,
    last_ping_ms: 42,
    last_checked_at: iso(1000),
    ...p,
  }
}

export function heartbeat(
  monitorId: string,
  p: Partial<RowByTable['heartbeats']> = {},
): RowByTable['heartbeats'] {
  return {
    ...base(),
    monitor_id: monitorId,
    status: 'up',
    ping_ms: 40,
    message: null,
    checked_at: iso(30_000),
    ...p,
  }
}

export function campaign(p: Partial<RowByTable['campaigns']> = {}): RowByTable['campaigns'] {
  return {
    ...base(),
    name: 'Spring renewals',
    status: 'active',
    dial_target: 1000,
    dialed: 250,
    connected: 90,
    bid: 1.5,
    payout: 3,
    currency: 'USD',
    ...p,
  }
}

export function health(state: HealthState, reason = `reason for ${state}`): HealthReport {
  const headroom = { used: 1, limit: 100, headroomPercent: 99, ratio: 0.01 }
  return {
    state,
    reason,
    since: Date.now() - 30_000,
    transport: 'websocket',
    metrics: {
      heartbeatRttMs: { last: 12, series: [{ t: Date.now() - 1000, v: 12 }] },
      latencyMs: { last: 50, p50: 45, p99: 90, series: [] },
      eventsPerSecond: {},
      totalEventsPerSecond: 3,
      reconnects: 0,
      lastEventAgeMs: 100,
      tokenExpiresInMs: 3_000_000,
      quota: { channels: headroom, messagesPerSecond: headroom },
    },
    channels: [{ topic: 'realtime:floor:x', status: 'connected' }],
    gaps: [],
    skewMs: 0,
    data: { source: 'server', asOf: Date.now(), live: state === 'LIVE' || state === 'DEGRADED' },
  }
}

export function queueInterval(
  queueId: string,
  startMs: number,
  p: Partial<RowByTable['queue_intervals']> = {},
): RowByTable['queue_intervals'] {
  return {
    ...base(),
    queue_id: queueId,
    interval_start: new Date(startMs).toISOString(),
    ...NO_SUMS,
    ...p,
  }
}

export function monitorRollup(
  monitorId: string,
  span: 'hour' | 'day',
  startMs: number,
  p: Partial<RowByTable['monitor_rollups']> = {},
): RowByTable['monitor_rollups'] {
  return {
    ...base(),
    monitor_id: monitorId,
    span,
    bucket_start: new Date(startMs).toISOString(),
    checks: 0,
    down: 0,
    degraded: 0,
    ping_ms_total: 0,
    pinged: 0,
    ...p,
  }
}
