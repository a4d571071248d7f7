// Shared by the database contract's files: who acts, on what, and how an outcome reads.
export type Row = Record<string, unknown>
export type Claims = { role: string; [claim: string]: unknown }

export interface DatabaseUnderTest {
  /** As the platform's superuser: test data, inspection. */
  admin(sql: string, params?: unknown[]): Promise<Row[]>
  /** One committed transaction as an API role with these claims, as PostgREST runs a request. */
  as(claims: Claims, sql: string, params?: unknown[], settings?: Record<string, string>): Promise<Row[]>
  close(): Promise<void>
}

export const ORG_A = '0000000a-0000-4000-8000-000000000000'
export const ORG_B = '0000000b-0000-4000-8000-000000000000'
export const USERS = {
  supA: '000000a1-0000-4000-8000-000000000000',
  wallA: '000000a2-0000-4000-8000-000000000000',
  adminA: '000000a3-0000-4000-8000-000000000000',
  supB: '000000b1-0000-4000-8000-000000000000',
  stranger: '000000c1-0000-4000-8000-000000000000',
}
export const member = (sub: string): Claims => ({ role: 'authenticated', sub, aud: 'authenticated' })
export const feed: Claims = { role: 'service_role' }

/** Rejects with the Postgres error code (and message), or resolves with 'ok'. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    const e = err as { code?: string; message?: string }
    return `${e.code}: ${e.message}`
  }
}

const T = 'SELECT'
const RW = 'DELETE,INSERT,SELECT,UPDATE'
export const FEED_TABLES = [
  'agent_sessions',
  'agents',
  'alert_events',
  'alert_rules',
  'alerts',
  'calls',
  'campaigns',
  'heartbeats',
  'memberships',
  'monitor_rollups',
  'monitors',
  'orgs',
  'queue_intervals',
  'queues',
  'wallboard_profiles',
]
const ADMIN_TABLES = ['alert_rules', 'monitors', 'queues', 'wallboard_profiles']

/** Anon: the clock. Authenticated: read everything, admins' tables writable (RLS), the member helpers. */
export const EXPECTED_PRIVILEGES: Record<string, string> = {
  'anon server_time()': 'EXECUTE',
  'authenticated server_time()': 'EXECUTE',
  'service_role server_time()': 'EXECUTE',
  'authenticated is_member()': 'EXECUTE',
  'authenticated member_orgs()': 'EXECUTE',
  'authenticated floor_topic_org()': 'EXECUTE',
  'authenticated alert_action()': 'EXECUTE',
  'authenticated floor_announce()': 'EXECUTE',
  'service_role floor_set_delivery()': 'EXECUTE',
  'service_role floor_server_tick()': 'EXECUTE',
  'authenticated tombstones': T,
  'service_role tombstones': T,
  'authenticated tombstone_horizons': T,
  'service_role tombstone_horizons': T,
  'authenticated floor_seq_mark()': 'EXECUTE',
  'service_role floor_prune_tombstones()': 'EXECUTE',
  'service_role floor_prune_rollups()': 'EXECUTE',
  'service_role floor_evaluate_alerts()': 'EXECUTE',
  'service_role alert_conditions': T,
  ...Object.fromEntries(FEED_TABLES.map((t) => [`service_role ${t}`, RW])),
  ...Object.fromEntries(FEED_TABLES.map((t) => [`authenticated ${t}`, ADMIN_TABLES.includes(t) ? RW : T])),
}

const FUNCTIONS = [
  'alert_action',
  'floor_campaign_currency',
  'floor_alert_agent_breaches',
  'floor_alert_clear',
  'floor_alert_duration',
  'floor_alert_event_actor',
  'floor_alert_monitor_breaches',
  'floor_alert_queue_breaches',
  'floor_alert_raise',
  'floor_alert_reopen_guard',
  'floor_evaluate_alerts',
  'floor_advance_horizon',
  'floor_announce',
  'floor_broadcast_change',
  'floor_calls_rollup_insert',
  'floor_calls_rollup_update',
  'floor_heartbeats_rollup_insert',
  'floor_heartbeats_rollup_update',
  'floor_intervals_add',
  'floor_prune_rollups',
  'floor_rollups_add',
  'floor_prune_tombstones',
  'floor_seq_mark',
  'floor_server_tick',
  'floor_set_delivery',
  'floor_tombstone',
  'floor_topic_org',
  'floor_touch',
  'is_member',
  'member_orgs',
  'server_time',
]
/** Tables, the sequence, and each function with its settings: all of public, nothing from the platform. */
export const PROJECT_OBJECTS = [
  ...FEED_TABLES,
  'tombstones',
  'tombstone_horizons',
  'alert_conditions',
  'floor_seq',
  ...FUNCTIONS.map((f) => `${f}() search_path=""`),
]
