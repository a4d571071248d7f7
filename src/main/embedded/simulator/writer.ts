// Persists one tick's changes: one multi-row statement per table, parents before children (calls before
// the sessions that point at them, alerts before their events). Returns the number of rows changed.
import type { Transaction } from '../db/database'
import type { SimAgent, SimCall, SimCampaign, SimMonitor } from './model'
import { insertRows, updateRows, type Columns } from './sql'
import { iso, type Changes } from './tick'

const CALLS: Columns = {
  id: 'uuid',
  org_id: 'uuid',
  queue_id: 'uuid',
  agent_id: 'uuid',
  campaign_id: 'uuid',
  status: 'text',
  direction: 'text',
  caller_masked: 'text',
  queued_at: 'timestamptz',
  answered_at: 'timestamptz',
  ended_at: 'timestamptz',
  status_changed_at: 'timestamptz',
  hold_seconds: 'int',
}
const CALL_UPSERT = `on conflict (id) do update set agent_id = excluded.agent_id, status = excluded.status,
  answered_at = excluded.answered_at, ended_at = excluded.ended_at,
  status_changed_at = excluded.status_changed_at, hold_seconds = excluded.hold_seconds`
const SESSIONS: Columns = {
  id: 'uuid',
  status: 'text',
  status_since: 'timestamptz',
  last_seen_at: 'timestamptz',
  current_call_id: 'uuid',
}
const MONITORS: Columns = { id: 'uuid', status: 'text', last_ping_ms: 'int', last_checked_at: 'timestamptz' }
const CAMPAIGNS: Columns = { id: 'uuid', status: 'text', dial_target: 'int', dialed: 'int', connected: 'int' }
const HEARTBEATS: Columns = {
  id: 'uuid',
  org_id: 'uuid',
  monitor_id: 'uuid',
  status: 'text',
  ping_ms: 'int',
  message: 'text',
  checked_at: 'timestamptz',
}
const ALERTS: Columns = {
  id: 'uuid',
  org_id: 'uuid',
  rule_id: 'uuid',
  severity: 'text',
  title: 'text',
  body: 'text',
  source_table: 'text',
  source_id: 'uuid',
  status: 'text',
  raised_at: 'timestamptz',
}
const EVENTS: Columns = {
  id: 'uuid',
  org_id: 'uuid',
  alert_id: 'uuid',
  kind: 'text',
  comment: 'text',
  at: 'timestamptz',
}

const callRow = (c: SimCall, orgId: string) => ({
  id: c.id,
  org_id: orgId,
  queue_id: c.queueId,
  agent_id: c.agentId,
  campaign_id: c.campaignId,
  status: c.status,
  direction: c.direction,
  caller_masked: c.caller,
  queued_at: iso(c.queuedAt),
  answered_at: iso(c.answeredAt),
  ended_at: iso(c.endedAt),
  status_changed_at: iso(c.statusChangedAt),
  hold_seconds: c.holdSeconds,
})
const sessionRow = (a: SimAgent) => ({
  id: a.sessionId,
  status: a.status,
  status_since: iso(a.statusSince),
  last_seen_at: iso(a.lastSeenAt),
  current_call_id: a.currentCallId,
})
const monitorRow = (m: SimMonitor) => ({
  id: m.id,
  status: m.status,
  last_ping_ms: m.lastPingMs,
  last_checked_at: iso(m.lastCheckedAt),
})
const campaignRow = (c: SimCampaign) => ({
  id: c.id,
  status: c.status,
  dial_target: c.dialTarget,
  dialed: c.dialed,
  connected: c.connected,
})

export async function writeChanges(tx: Transaction, orgId: string, changes: Changes): Promise<number> {
  let n = 0
  n += await insertRows(
    tx,
    'calls',
    CALLS,
    [...changes.calls].map((c) => callRow(c, orgId)),
    CALL_UPSERT,
  )
  n += await updateRows(tx, 'agent_sessions', SESSIONS, [...changes.agents].map(sessionRow))
  n += await updateRows(tx, 'campaigns', CAMPAIGNS, [...changes.campaigns].map(campaignRow))
  n += await updateRows(tx, 'monitors', MONITORS, [...changes.monitors].map(monitorRow))
  n += await insertRows(tx, 'heartbeats', HEARTBEATS, changes.heartbeats)
  n += await insertRows(tx, 'alerts', ALERTS, changes.alerts)
  n += await insertRows(tx, 'alert_events', EVENTS, changes.alertEvents)
  n += await resolveAlerts(tx, changes)
  return n
}

/** Resolves the simulator's alerts and records the event, unless a person resolved them first. */
async function resolveAlerts(tx: Transaction, changes: Changes): Promise<number> {
  if (changes.resolves.length === 0) return 0
  const res = await tx.query(
    `with r as (
       select * from jsonb_to_recordset($1::jsonb) as x(alert_id uuid, event_id uuid, at timestamptz, comment text)
     ), done as (
       update public.alerts a set status = 'resolved', resolved_at = r.at, snoozed_until = null
         from r where a.id = r.alert_id and a.status <> 'resolved'
       returning a.id, a.org_id, r.event_id, r.at, r.comment
     )
     insert into public.alert_events (id, org_id, alert_id, kind, comment, at)
     select event_id, org_id, id, 'resolve', comment, at from done`,
    [JSON.stringify(changes.resolves)],
  )
  return 2 * (res.affectedRows ?? 0)
}
