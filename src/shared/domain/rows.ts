// The streamed rows exactly as supabase/migrations defines them and as they arrive on the wire
// (Realtime's record and PostgREST's JSON are both to_jsonb shapes): uuid and timestamptz as strings
// (ISO 8601 with offset), bigint/integer/numeric as numbers, time as "HH:MM:SS", jsonb as JSON.
import type { JsonValue } from './validate'

export const CALL_STATUSES = [
  'queued',
  'ringing',
  'active',
  'on_hold',
  'wrap_up',
  'completed',
  'abandoned',
  'failed',
] as const
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const
export const AGENT_STATUSES = ['available', 'on_call', 'wrap_up', 'break', 'offline'] as const
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const
export const MONITOR_KINDS = ['http', 'sip', 'tcp', 'database', 'dns'] as const
export const MONITOR_STATUSES = ['up', 'down', 'degraded', 'pending', 'paused'] as const
export const HEARTBEAT_STATUSES = ['up', 'down', 'degraded'] as const
export const ALERT_RULE_KINDS = [
  'queue_wait',
  'service_level',
  'abandon_rate',
  'monitor_down',
  'agent_idle',
  'queue_depth',
  'agent_break',
  'monitor_ping',
] as const
export const SEVERITIES = ['info', 'warning', 'critical'] as const
export const ALERT_STATUSES = ['open', 'acknowledged', 'snoozed', 'resolved'] as const
export const ALERT_EVENT_KINDS = ['raise', 'ack', 'snooze', 'resolve', 'note', 'reopen', 'escalate'] as const
/** The buckets of monitor_rollups: UTC hours and UTC days. */
export const ROLLUP_SPANS = ['hour', 'day'] as const
/** Who acted on an alert: a member, the rule evaluator, or a service_role integration. */
export const ACTOR_KINDS = ['user', 'system', 'service'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

export type CallStatus = (typeof CALL_STATUSES)[number]
export type CallDirection = (typeof CALL_DIRECTIONS)[number]
export type AgentStatus = (typeof AGENT_STATUSES)[number]
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]
export type MonitorKind = (typeof MONITOR_KINDS)[number]
export type MonitorStatus = (typeof MONITOR_STATUSES)[number]
export type HeartbeatStatus = (typeof HEARTBEAT_STATUSES)[number]
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number]
export type Severity = (typeof SEVERITIES)[number]
export type AlertStatus = (typeof ALERT_STATUSES)[number]
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number]
export type RollupSpan = (typeof ROLLUP_SPANS)[number]

/** Columns every streamed table has: the global `seq` (bumped on insert and update) and `updated_at`. */
export interface StreamedRow {
  id: string
  org_id: string
  seq: number
  updated_at: string
}

export interface Queue extends StreamedRow {
  name: string
  sla_target_seconds: number
  sla_target_percent: number
  /** IANA zone in which "today" starts at daily_reset_time. */
  time_zone: string
  daily_reset_time: string
}

export interface Agent extends StreamedRow {
  user_id: string | null
  name: string
  team: string | null
}

export interface Campaign extends StreamedRow {
  name: string
  status: CampaignStatus
  dial_target: number
  dialed: number
  connected: number
  bid: number
  payout: number
  /** ISO 4217 code of bid and payout; null from a database before migration 20261203000010. */
  currency: string | null
}

export interface Call extends StreamedRow {
  queue_id: string | null
  agent_id: string | null
  campaign_id: string | null
  status: CallStatus
  direction: CallDirection
  caller_masked: string
  queued_at: string
  answered_at: string | null
  ended_at: string | null
  status_changed_at: string
  hold_seconds: number
}

export interface AgentSession extends StreamedRow {
  agent_id: string
  status: AgentStatus
  status_since: string
  last_seen_at: string
  instance_id: string | null
  current_call_id: string | null
}

export interface Monitor extends StreamedRow {
  name: string
  kind: MonitorKind
  target: string
  status: MonitorStatus
  interval_seconds: number
  last_ping_ms: number | null
  last_checked_at: string | null
}

export interface Heartbeat extends StreamedRow {
  monitor_id: string
  status: HeartbeatStatus
  ping_ms: number | null
  message: string | null
  checked_at: string
}

export interface AlertRule extends StreamedRow {
  name: string
  kind: AlertRuleKind
  threshold: number
  severity: Severity
  enabled: boolean
  params: JsonValue
  /** Hysteresis: the condition holds this long before an alert is raised, and is gone this long before it clears. */
  raise_after_seconds: number
  clear_after_seconds: number
  /** A critical alert nobody acknowledged this long after it was raised is escalated; null = never. */
  escalate_after_minutes: number | null
}

export interface Alert extends StreamedRow {
  rule_id: string | null
  severity: Severity
  title: string
  body: string
  source_table: string | null
  source_id: string | null
  status: AlertStatus
  raised_at: string
  acknowledged_at: string | null
  acknowledged_by: string | null
  snoozed_until: string | null
  resolved_at: string | null
  resolved_by: string | null
  /** `<rule id>/<subject>` for alerts the rule evaluator raised: one open alert per key. */
  dedupe_key: string | null
  escalated_at: string | null
}

export interface AlertEvent extends StreamedRow {
  alert_id: string
  kind: AlertEventKind
  actor: string | null
  comment: string | null
  snooze_until: string | null
  client_event_id: string | null
  at: string
  actor_kind: ActorKind | null
  /** The member's name or email, 'Alert rules' for the evaluator, as the history shows it. */
  actor_name: string | null
}

export interface WallboardProfile extends StreamedRow {
  name: string
  layout: JsonValue
  rotation_seconds: number
}

/**
 * One queue's concluded inbound calls (completed or abandoned; never failed) queued in one quarter hour,
 * maintained by the database from the calls as they finish (migration 20261203000020): finished calls are
 * kept for an hour, these for the day. Calls still in progress are not in it.
 */
export interface QueueInterval extends StreamedRow {
  queue_id: string
  /** Start of the quarter hour (UTC-aligned). */
  interval_start: string
  offered: number
  answered: number
  answered_within: number
  /** Abandoned after waiting longer than 5 s; shorter ones are short_abandoned. */
  abandoned: number
  short_abandoned: number
  /** Sum of answered_at − queued_at over the answered calls. */
  answer_ms: number
  /** Answered calls that ended, and the sum of their ended_at − answered_at. */
  handled: number
  handle_ms: number
  /** Time callers of this queue spent waiting inside this quarter hour (any call's wait, split by quarter). */
  wait_ms: number
}

/** One monitor's checks in one UTC hour or UTC day, maintained by the database from the heartbeats. */
export interface MonitorRollup extends StreamedRow {
  monitor_id: string
  span: RollupSpan
  bucket_start: string
  checks: number
  down: number
  degraded: number
  ping_ms_total: number
  /** Checks that answered with a ping (down checks have none). */
  pinged: number
}
