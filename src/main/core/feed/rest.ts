// REST reads and calls through the same supabase-js client, as the signed-in user (RLS decides): the
// snapshot and catch-up reads, memberships, the server clock and alert actions.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { CatchUpRequest, CatchUpResult } from '../live'
import type { TableName } from '../../../shared/domain/tables'
import type { OrgMembership } from '../session'
import { TOMBSTONES } from './payload'

export interface RestError {
  code: string
  message: string
  status?: number
}

export class FeedRestError extends Error {
  constructor(readonly detail: RestError) {
    super(detail.message)
  }
}

export interface CatchUpOptions {
  orgId: string
  /** Rows per request; keep it at or below the project's max-rows (Supabase default 1000). */
  pageSize: number
  /**
   * Incremental reads start this many seq values below the high-water mark: Postgres may commit a lower
   * seq after a higher one (two concurrent transactions), and such a row must not fall in the gap.
   */
  overlapSeq: number
  /** Concurrent table reads. */
  concurrency: number
}

type Query = PromiseLike<{ data: unknown; error: { code?: string; message: string } | null; status?: number }>

async function run<T>(query: Query): Promise<T> {
  const { data, error, status } = await query
  if (error) throw new FeedRestError({ code: error.code || 'network', message: error.message, status })
  return data as T
}

/** Every row of `table` in the org with seq > since, in seq order, page by page (keyset, not offset). */
async function readSince(
  db: SupabaseClient,
  table: string,
  since: number,
  o: CatchUpOptions,
): Promise<unknown[]> {
  const out: unknown[] = []
  let cursor = since
  for (;;) {
    const page = await run<{ seq: number }[]>(
      db.from(table).select('*').eq('org_id', o.orgId).gt('seq', cursor).order('seq').limit(o.pageSize),
    )
    out.push(...page)
    if (page.length < o.pageSize) return out
    cursor = page[page.length - 1]?.seq ?? cursor
  }
}

async function latestTombstoneSeq(db: SupabaseClient, orgId: string): Promise<number> {
  const rows = await run<{ seq: number }[]>(
    db.from(TOMBSTONES).select('seq').eq('org_id', orgId).order('seq', { ascending: false }).limit(1),
  )
  return rows[0]?.seq ?? 0
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return out
}

/** Answers a StreamSync request: a full snapshot, or rows and tombstones since the marks. */
export async function fetchCatchUp(
  db: SupabaseClient,
  request: CatchUpRequest,
  o: CatchUpOptions,
): Promise<CatchUpResult> {
  const floor = (seq: number) => (request.full ? 0 : Math.max(0, seq - o.overlapSeq))
  // Read before the rows: deletes up to this mark are already reflected in what the rows show.
  const tombstoneMark = request.full ? await latestTombstoneSeq(db, o.orgId) : 0
  const pages = await pool(request.tables, o.concurrency, (t) => readSince(db, t.table, floor(t.sinceSeq), o))
  const rows: Partial<Record<TableName, readonly unknown[]>> = {}
  request.tables.forEach((t, i) => (rows[t.table] = pages[i] ?? []))
  if (request.full) {
    const tombstoneHwm = Object.fromEntries(request.tables.map((t) => [t.table, tombstoneMark]))
    return { rows, tombstones: [], tombstoneHwm }
  }
  const since = Math.min(...request.tables.map((t) => t.tombstonesSinceSeq))
  const tombstones = await readSince(db, TOMBSTONES, floor(since), o)
  return { rows, tombstones }
}

export async function fetchMemberships(db: SupabaseClient, userId: string): Promise<OrgMembership[]> {
  const members = await run<{ org_id: string; role: string }[]>(
    db.from('memberships').select('org_id, role').eq('user_id', userId).order('created_at'),
  )
  if (members.length === 0) return []
  const orgs = await run<{ id: string; name: string }[]>(
    db
      .from('orgs')
      .select('id, name')
      .in(
        'id',
        members.map((m) => m.org_id),
      ),
  )
  const names = new Map(orgs.map((o) => [o.id, o.name]))
  return members.map((m) => ({ id: m.org_id, name: names.get(m.org_id) ?? m.org_id, role: m.role }))
}

/** One `server_time()` round trip: local send and receipt times around the server's clock. */
export async function sampleServerTime(
  db: SupabaseClient,
  now: () => number,
): Promise<{ sentAt: number; receivedAt: number; serverMs: number }> {
  const sentAt = now()
  const value = await run<string>(db.rpc('server_time'))
  const receivedAt = now()
  const serverMs = Date.parse(value)
  if (!Number.isFinite(serverMs)) throw new FeedRestError({ code: 'invalid', message: 'bad server_time' })
  return { sentAt, receivedAt, serverMs }
}

export interface AlertActionCall {
  alertId: string
  kind: string
  comment?: string
  snoozeUntil?: string
  clientEventId: string
}

export async function callAlertAction(db: SupabaseClient, input: AlertActionCall): Promise<void> {
  await run(
    db.rpc('alert_action', {
      p_alert_id: input.alertId,
      p_kind: input.kind,
      p_comment: input.comment ?? null,
      p_snooze_until: input.snoozeUntil ?? null,
      p_client_event_id: input.clientEventId,
    }),
  )
}
