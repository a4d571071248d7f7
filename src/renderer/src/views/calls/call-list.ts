// Which calls the table shows and in what order: pure, so it is memoised on its inputs and tested alone.
import type { Agent, Call, Campaign, Queue } from '../../../../shared/domain/rows'
import { CALL_STATUSES, type CallStatus } from '../../../../shared/domain/rows'

export type CallSortKey = 'status' | 'queue' | 'agent' | 'campaign' | 'duration' | 'caller'
export interface CallQuery {
  status: CallStatus | 'live' | 'all'
  queueId: string | 'all'
  search: string
  sort: { key: CallSortKey; dir: 'asc' | 'desc' }
}

export const LIVE_STATUSES: ReadonlySet<CallStatus> = new Set([
  'queued',
  'ringing',
  'active',
  'on_hold',
  'wrap_up',
])
const STATUS_ORDER = new Map(CALL_STATUSES.map((s, i) => [s, i]))

export const DEFAULT_QUERY: CallQuery = {
  status: 'live',
  queueId: 'all',
  search: '',
  sort: { key: 'duration', dir: 'desc' },
}

interface Lookups {
  queues: ReadonlyMap<string, Queue>
  agents: ReadonlyMap<string, Agent>
  campaigns: ReadonlyMap<string, Campaign>
}

function sortValue(call: Call, key: CallSortKey, l: Lookups): string | number {
  switch (key) {
    case 'status':
      return STATUS_ORDER.get(call.status) ?? 0
    case 'queue':
      return (call.queue_id && l.queues.get(call.queue_id)?.name) || ''
    case 'agent':
      return (call.agent_id && l.agents.get(call.agent_id)?.name) || ''
    case 'campaign':
      return (call.campaign_id && l.campaigns.get(call.campaign_id)?.name) || ''
    case 'caller':
      return call.caller_masked
    case 'duration':
      // Longest in its current status first when descending: the oldest status change.
      return -Date.parse(call.status_changed_at)
  }
}

function matches(call: Call, q: CallQuery, needle: string, l: Lookups): boolean {
  if (q.status === 'live' ? !LIVE_STATUSES.has(call.status) : q.status !== 'all' && call.status !== q.status)
    return false
  if (q.queueId !== 'all' && call.queue_id !== q.queueId) return false
  if (!needle) return true
  const hay = [
    call.caller_masked,
    call.status,
    call.queue_id ? l.queues.get(call.queue_id)?.name : '',
    call.agent_id ? l.agents.get(call.agent_id)?.name : '',
    call.campaign_id ? l.campaigns.get(call.campaign_id)?.name : '',
  ]
  return hay.some((h) => h?.toLowerCase().includes(needle))
}

export function selectCallIds(calls: ReadonlyMap<string, Call>, q: CallQuery, l: Lookups): string[] {
  const needle = q.search.trim().toLowerCase()
  const keyed: { id: string; v: string | number }[] = []
  for (const call of calls.values()) {
    if (matches(call, q, needle, l)) keyed.push({ id: call.id, v: sortValue(call, q.sort.key, l) })
  }
  const dir = q.sort.dir === 'asc' ? 1 : -1
  keyed.sort((a, b) => (a.v < b.v ? -dir : a.v > b.v ? dir : a.id < b.id ? -1 : 1))
  return keyed.map((k) => k.id)
}
