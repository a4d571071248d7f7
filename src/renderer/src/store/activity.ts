// What counts as news on the floor, decided from one change and the row it replaced. Routine churn
// (every call moving from queued to active, every agent heartbeat) is left out so the feed stays readable.
import type { Delta } from '../../../shared/domain/delta'
import type { RowByTable, TableName } from '../../../shared/domain/tables'
import { money } from '../lib/format'
import type { FloorTables } from './floor-slice'

export type ActivityTone = 'info' | 'good' | 'warning' | 'critical'

export interface ActivityItem {
  key: string
  at: number
  tone: ActivityTone
  text: string
}

type Upsert = Extract<Delta, { kind: 'upsert' }>
type Describe = (
  row: never,
  before: never,
  tables: FloorTables,
  detail: boolean,
) => [ActivityTone, string] | null

const alerts = (
  row: RowByTable['alerts'],
  before: RowByTable['alerts'] | undefined,
): [ActivityTone, string] | null => {
  if (!before) return [row.severity === 'critical' ? 'critical' : 'warning', `Alert raised: ${row.title}`]
  if (before.status === row.status) return null
  return [row.status === 'resolved' ? 'good' : 'info', `Alert ${row.status}: ${row.title}`]
}

const monitors = (
  row: RowByTable['monitors'],
  before: RowByTable['monitors'] | undefined,
): [ActivityTone, string] | null => {
  if (!before || before.status === row.status) return null
  const tone: ActivityTone =
    row.status === 'down' ? 'critical' : row.status === 'degraded' ? 'warning' : 'good'
  return [tone, `${row.name} is ${row.status}`]
}

const calls = (
  row: RowByTable['calls'],
  before: RowByTable['calls'] | undefined,
  tables: FloorTables,
): [ActivityTone, string] | null => {
  if (row.status !== 'abandoned' || before?.status === 'abandoned' || !before) return null
  const queue = row.queue_id ? tables.queues.get(row.queue_id)?.name : undefined
  return ['warning', `Caller ${row.caller_masked} abandoned${queue ? ` in ${queue}` : ''}`]
}

const campaigns = (
  row: RowByTable['campaigns'],
  before: RowByTable['campaigns'] | undefined,
): [ActivityTone, string] | null => {
  if (!before) return null
  if (before.status !== row.status) return ['info', `Campaign ${row.name} is ${row.status}`]
  const amount = (v: number) => money(v, row.currency)
  if (before.bid !== row.bid)
    return ['info', `Campaign ${row.name}: bid ${amount(before.bid)} → ${amount(row.bid)}`]
  if (before.payout !== row.payout)
    return ['info', `Campaign ${row.name}: payout ${amount(before.payout)} → ${amount(row.payout)}`]
  return null
}

const sessions = (
  row: RowByTable['agent_sessions'],
  before: RowByTable['agent_sessions'] | undefined,
  tables: FloorTables,
  detail: boolean,
): [ActivityTone, string] | null => {
  const name = tables.agents.get(row.agent_id)?.name ?? 'An agent'
  // A summary of an absence names every change of state; the live feed only logins and logouts.
  if (detail && before && before.status !== row.status) {
    return ['info', `${name}: ${before.status.replace('_', ' ')} → ${row.status.replace('_', ' ')}`]
  }
  const wasOff = !before || before.status === 'offline'
  if (wasOff === (row.status === 'offline')) return null
  return row.status === 'offline' ? ['info', `${name} logged out`] : ['info', `${name} logged in`]
}

const DESCRIBERS: Partial<Record<TableName, Describe>> = {
  alerts: alerts as Describe,
  monitors: monitors as Describe,
  calls: calls as Describe,
  campaigns: campaigns as Describe,
  agent_sessions: sessions as Describe,
}

/** What one change means to a supervisor; `detail` for a summary of an absence (every agent state change). */
export function activityFor(
  delta: Upsert,
  before: RowByTable[TableName] | undefined,
  tables: FloorTables,
  at: number,
  detail = false,
): ActivityItem | null {
  const describe = DESCRIBERS[delta.table]
  const found = describe?.(delta.row as never, before as never, tables, detail)
  if (!found) return null
  return { key: `${delta.table}:${delta.id}:${delta.row.seq}`, at, tone: found[0], text: found[1] }
}
