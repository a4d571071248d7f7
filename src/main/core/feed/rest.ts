// REST reads and calls through the same supabase-js client, as the signed-in user (RLS decides): the
// snapshot and catch-up reads, memberships, the server clock and alert actions.
import type { SupabaseClient } from '@supabase/supabase-js'
import type { CatchUpRequest, CatchUpResult } from '../live'
import type { TableName } from '../../../shared/domain/tables'
import type { OrgMembership } from '../session-store'
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
  /** Told after every page read: rows in it (progress for "Loading the floor (3,000 rows)"). */
  onPage?: (rows: number) => void
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
    for (const row of page) out.push(row)
    o.onPage?.(page.length)
    if (page.length < o.pageSize) return out
    cursor = page[page.length - 1]?.seq ?? cursor
  }
}

/**
 * The mark a full snapshot is complete to, read before its rows: the stream's sequence (floor_seq_mark),
 * or, on a project without that function, the latest tombstone and pruned horizon.
 */
async function snapshotMark(db: SupabaseClient, orgId: string): Promise<number> {
  const { data, error } = await db.rpc('floor_seq_mark')
  if (!error) return Number(data) || 0
  if (error.code !== 'PGRST202' && error.code !== '42883') {
    throw new FeedRestError({ code: error.code || 'network', message: error.message })
  }
  return latestTombstoneSeq(db, orgId)
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

/**
 * Tables whose tombstones were pruned past what this console knows (`tombstones_since` per table), from
 * the horizon the server publishes in public.tombstone_horizons. Null when the project publishes none
 * (an older schema): the session then falls back to the retention time.
 */
async function crossedHorizons(
  db: SupabaseClient,
  request: CatchUpRequest,
  orgId: string,
): Promise<TableName[] | null> {
  const { data, error } = await db
    .from('tombstone_horizons')
    .select('table_name, pruned_through')
    .eq('org_id', orgId)
  if (error) {
    if (error.code === 'PGRST205' || error.code === '42P01') return null
    throw new FeedRestError({ code: error.code || 'network', message: error.message })
  }
  const pruned = new Map(
    (data as { table_name: string; pruned_through: number }[]).map((r) => [
      r.table_name,
      Number(r.pruned_through),
    ]),
  )
  return request.tables.filter((t) => (pruned.get(t.table) ?? 0) > t.tombstonesSinceSeq).map((t) => t.table)
}

/** Answers a catch-up request: a full snapshot, or rows and tombstones since the marks. */
export async function fetchCatchUp(
  db: SupabaseClient,
  request: CatchUpRequest,
  o: CatchUpOptions,
): Promise<CatchUpResult> {
  const floor = (seq: number) => (request.full ? 0 : Math.max(0, seq - o.overlapSeq))
  // Full snapshots need no horizon: whether the project publishes one stays unknown.
  let horizonPublished: boolean | undefined
  if (!request.full) {
    const crossed = await crossedHorizons(db, request, o.orgId)
    horizonPublished = crossed !== null
    if (crossed && crossed.length > 0)
      return { rows: {}, tombstones: [], horizonCrossed: crossed, horizonPublished }
  }
  // Read before the rows: deletes up to this mark are already reflected in what the rows show.
  const tombstoneMark = request.full ? await snapshotMark(db, o.orgId) : 0
  const pages = await pool(request.tables, o.concurrency, (t) => readSince(db, t.table, floor(t.sinceSeq), o))
  const rows: Partial<Record<TableName, readonly unknown[]>> = {}
  request.tables.forEach((t, i) => (rows[t.table] = pages[i] ?? []))
  if (request.full) {
    // Every delete up to the mark is reflected in the rows, so held rows at or below it that the snapshot
    // lacks are gone: the mark is each table's snapshot mark as well as its tombstone mark.
    const marks = Object.fromEntries(request.tables.map((t) => [t.table, tombstoneMark]))
    return { rows, tombstones: [], tombstoneHwm: marks, snapshotHwm: marks, horizonPublished }
  }
  const since = Math.min(...request.tables.map((t) => t.tombstonesSinceSeq))
  const tombstones = await readSince(db, TOMBSTONES, floor(since), { ...o, onPage: undefined })
  return { rows, tombstones, horizonPublished }
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

/** Applies an alert action; resolves with the alert's status after it (the server's word on conflicts). */
export async function callAlertAction(
  db: SupabaseClient,
  input: AlertActionCall,
): Promise<{ status: string } | null> {
  const alert = await run<{ status?: unknown } | null>(
    db.rpc('alert_action', {
      p_alert_id: input.alertId,
      p_kind: input.kind,
      p_comment: input.comment ?? null,
      p_snooze_until: input.snoozeUntil ?? null,
      p_client_event_id: input.clientEventId,
    }),
  )
  return alert && typeof alert.status === 'string' ? { status: alert.status } : null
}

/** Sends an announcement to every wall of the org (the server checks the caller's role); the message sent. */
export async function callAnnounce(
  db: SupabaseClient,
  input: { orgId: string; text: string; minutes: number },
): Promise<unknown> {
  return run<unknown>(
    db.rpc('floor_announce', { p_org_id: input.orgId, p_text: input.text, p_minutes: input.minutes }),
  )
}

/** Whether the alert history already holds an action with this idempotency key. */
export async function alertActionApplied(db: SupabaseClient, clientEventId: string): Promise<boolean> {
  const rows = await run<unknown[]>(
    db.from('alert_events').select('id').eq('client_event_id', clientEventId).limit(1),
  )
  return rows.length > 0
}
