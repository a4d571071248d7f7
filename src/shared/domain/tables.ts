// The streamed tables, their row parsers, and the tombstone that records a delete.
import * as rows from './rows'
import type { Agent, AgentSession, Alert, AlertEvent, AlertRule, Call, Campaign, Heartbeat } from './rows'
import type { Monitor, MonitorRollup, Queue, QueueInterval, WallboardProfile } from './rows'
import { added, boolean, integer, json, nullable, numeric, oneOf, rowParser, text, textMax } from './validate'
import { currencyCode, describe, timeOfDay, timeZone, timestamp, uuid } from './validate'
import type { Result, Shape } from './validate'

export const TABLE_NAMES = [
  'queues',
  'agents',
  'campaigns',
  'calls',
  'agent_sessions',
  'monitors',
  'heartbeats',
  'alert_rules',
  'alerts',
  'alert_events',
  'wallboard_profiles',
  'queue_intervals',
  'monitor_rollups',
] as const

/** A table that streams rows with `id` and `seq` (tombstones are not one: they describe deletes). */
export type TableName = (typeof TABLE_NAMES)[number]

export interface RowByTable {
  queues: Queue
  agents: Agent
  campaigns: Campaign
  calls: Call
  agent_sessions: AgentSession
  monitors: Monitor
  heartbeats: Heartbeat
  alert_rules: AlertRule
  alerts: Alert
  alert_events: AlertEvent
  wallboard_profiles: WallboardProfile
  queue_intervals: QueueInterval
  monitor_rollups: MonitorRollup
}
export type RowOf<T extends TableName> = RowByTable[T]
export type AnyRow = RowByTable[TableName]

/** A deleted row: written by the floor_tombstone trigger, read during catch-up. */
export interface Tombstone {
  seq: number
  org_id: string
  table_name: TableName
  row_id: string
  deleted_at: string
}

export function isTableName(v: unknown): v is TableName {
  return typeof v === 'string' && (TABLE_NAMES as readonly string[]).includes(v)
}

const seq = integer({ min: 0 })
const base = { id: uuid, org_id: uuid, seq, updated_at: timestamp }
const count = integer({ min: 0 })

const shapes: { [T in TableName]: Shape<RowByTable[T]> } = {
  queues: {
    ...base,
    name: text,
    sla_target_seconds: integer({ min: 1 }),
    sla_target_percent: numeric({ min: 0, max: 100 }),
    time_zone: timeZone,
    daily_reset_time: timeOfDay,
  },
  agents: { ...base, user_id: nullable(uuid), name: text, team: nullable(text) },
  campaigns: {
    ...base,
    name: text,
    status: oneOf(rows.CAMPAIGN_STATUSES),
    dial_target: count,
    dialed: count,
    connected: count,
    bid: numeric(),
    payout: numeric(),
    currency: added(nullable(currencyCode), null),
  },
  calls: {
    ...base,
    queue_id: nullable(uuid),
    agent_id: nullable(uuid),
    campaign_id: nullable(uuid),
    status: oneOf(rows.CALL_STATUSES),
    direction: oneOf(rows.CALL_DIRECTIONS),
    caller_masked: text,
    queued_at: timestamp,
    answered_at: nullable(timestamp),
    ended_at: nullable(timestamp),
    status_changed_at: timestamp,
    hold_seconds: integer(),
  },
  agent_sessions: {
    ...base,
    agent_id: uuid,
    status: oneOf(rows.AGENT_STATUSES),
    status_since: timestamp,
    last_seen_at: timestamp,
    instance_id: nullable(text),
    current_call_id: nullable(uuid),
  },
  monitors: {
    ...base,
    name: text,
    kind: oneOf(rows.MONITOR_KINDS),
    target: text,
    status: oneOf(rows.MONITOR_STATUSES),
    interval_seconds: integer({ min: 1 }),
    last_ping_ms: nullable(integer()),
    last_checked_at: nullable(timestamp),
  },
  heartbeats: {
    ...base,
    monitor_id: uuid,
    status: oneOf(rows.HEARTBEAT_STATUSES),
    ping_ms: nullable(integer()),
    message: nullable(text),
    checked_at: timestamp,
  },
  alert_rules: {
    ...base,
    name: text,
    kind: oneOf(rows.ALERT_RULE_KINDS),
    threshold: numeric(),
    severity: oneOf(rows.SEVERITIES),
    enabled: boolean,
    params: json,
    raise_after_seconds: added(integer({ min: 0 }), 0),
    clear_after_seconds: added(integer({ min: 0 }), 0),
    escalate_after_minutes: added(nullable(integer({ min: 1 })), null),
  },
  alerts: {
    ...base,
    rule_id: nullable(uuid),
    severity: oneOf(rows.SEVERITIES),
    title: text,
    body: text,
    source_table: nullable(text),
    source_id: nullable(uuid),
    status: oneOf(rows.ALERT_STATUSES),
    raised_at: timestamp,
    acknowledged_at: nullable(timestamp),
    acknowledged_by: nullable(uuid),
    snoozed_until: nullable(timestamp),
    resolved_at: nullable(timestamp),
    resolved_by: nullable(uuid),
    dedupe_key: added(nullable(text), null),
    escalated_at: added(nullable(timestamp), null),
  },
  alert_events: {
    ...base,
    alert_id: uuid,
    kind: oneOf(rows.ALERT_EVENT_KINDS),
    actor: nullable(uuid),
    comment: nullable(textMax(2000)),
    snooze_until: nullable(timestamp),
    client_event_id: nullable(uuid),
    at: timestamp,
    actor_kind: added(nullable(oneOf(rows.ACTOR_KINDS)), null),
    actor_name: added(nullable(text), null),
  },
  wallboard_profiles: { ...base, name: text, layout: json, rotation_seconds: count },
  // Sums kept by triggers; a correction may move them, so any integer is accepted and readers clamp.
  queue_intervals: {
    ...base,
    queue_id: uuid,
    interval_start: timestamp,
    offered: integer(),
    answered: integer(),
    answered_within: integer(),
    abandoned: integer(),
    short_abandoned: integer(),
    answer_ms: integer(),
    handled: integer(),
    handle_ms: integer(),
    wait_ms: integer(),
  },
  monitor_rollups: {
    ...base,
    monitor_id: uuid,
    span: oneOf(rows.ROLLUP_SPANS),
    bucket_start: timestamp,
    checks: integer(),
    down: integer(),
    degraded: integer(),
    ping_ms_total: integer(),
    pinged: integer(),
  },
}

const parsers = Object.fromEntries(TABLE_NAMES.map((t) => [t, rowParser(t, shapes[t] as Shape<AnyRow>)])) as {
  [T in TableName]: (raw: unknown) => Result<RowByTable[T]>
}

/** Validates one row of `table`; the error names the table, row id, column and offending value. */
export function parseRow<T extends TableName>(table: T, raw: unknown): Result<RowByTable[T]> {
  return parsers[table](raw)
}

const tableName = (v: unknown): Result<TableName> =>
  isTableName(v)
    ? { ok: true, value: v }
    : { ok: false, error: `expected a streamed table, got ${describe(v)}` }

export const parseTombstone = rowParser<Tombstone>('tombstones', {
  seq,
  org_id: uuid,
  table_name: tableName,
  row_id: uuid,
  deleted_at: timestamp,
})
