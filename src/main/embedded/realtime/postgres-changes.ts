// Fan-out of committed changes to postgres_changes subscribers. Batches from the database are processed
// strictly one after another, so every socket sees changes in commit order. Per batch: match event and
// filters in JavaScript, then check RLS visibility with one query per (claims, table) inside one
// transaction per distinct claims, then deliver one message per channel per change. Rows that are gone
// (DELETE) or cannot be looked up (error records) are judged from their image (image-visibility.ts): a
// subscriber hears of a row only if it could have read it, so neither deletes nor filters leak anything.
import type { CapturedChange, Claims, Database } from '../db/database'
import type { Logger } from '../context'
import type { TableMeta } from './catalog'
import { changeData, changeError, errorData, filterImage, needsRlsCheck } from './change-message'
import { rowPasses } from './filters'
import { visibleImages } from './image-visibility'
import type { Subscription } from './subscriptions'

/** A channel as the dispatcher sees it. */
export interface ChangeSink {
  readonly alive: boolean
  readonly claims: Claims
  /** Equal for channels whose claims are equal: RLS checks are shared between them. */
  readonly claimsKey: string
  deliverChange(ids: number[], data: Record<string, unknown>): void
}

type RowChange = CapturedChange & { type: 'INSERT' | 'UPDATE' | 'DELETE' }
type Group = { select: Set<string> | null; ids: number[] }

interface Match {
  sink: ChangeSink
  meta: TableMeta
  groups: Map<string, Group>
  error: string | null
  rls: boolean
}

type Plan = { broadcast: CapturedChange } | { change: RowChange; matches: Match[] }

interface TableChecks {
  meta: TableMeta
  /** Rows still in the table, checked by primary key. */
  keys: Map<string, unknown[]>
  visible: Set<string>
  /** Row images judged by the policies themselves, indexed by change id. */
  images: Record<string, unknown>[]
  imageOf: Map<number, number>
  visibleImages: Set<number>
}

interface ClaimsChecks {
  claims: Claims
  tables: Map<string, TableChecks>
}

export class ChangeDispatcher {
  private byTable = new Map<string, Map<ChangeSink, Subscription[]>>()
  private pending: CapturedChange[][] = []
  private running: Promise<void> | null = null
  private counts = new Map<ChangeSink, number>()

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly onBroadcast: (change: CapturedChange) => void,
  ) {}

  set(sink: ChangeSink, subs: Subscription[]): void {
    this.remove(sink)
    this.counts.set(sink, subs.length)
    for (const sub of subs) {
      for (const key of sub.targets.keys()) {
        let sinks = this.byTable.get(key)
        if (!sinks) this.byTable.set(key, (sinks = new Map()))
        const list = sinks.get(sink) ?? []
        if (!list.includes(sub)) list.push(sub)
        sinks.set(sink, list)
      }
    }
  }

  remove(sink: ChangeSink): void {
    this.counts.delete(sink)
    for (const [key, sinks] of this.byTable) {
      sinks.delete(sink)
      if (sinks.size === 0) this.byTable.delete(key)
    }
  }

  /** Subscriptions currently receiving changes. */
  count(): number {
    let n = 0
    for (const c of this.counts.values()) n += c
    return n
  }

  enqueue(batch: CapturedChange[]): void {
    this.pending.push(batch)
    this.running ??= this.pump()
  }

  /** Resolves once every batch received so far has been delivered. */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private async pump(): Promise<void> {
    // Everything that arrived while the previous round was busy is one round: one RLS query per
    // (claims, table) however many commits it spans, which is what keeps up under sustained load.
    while (this.pending.length > 0) {
      const batch = this.pending.length === 1 ? this.pending[0]! : this.pending.flat()
      this.pending = []
      try {
        await this.process(batch)
      } catch (err) {
        this.log.error('realtime: delivering changes failed', err)
      }
    }
    this.running = null
  }

  private async process(batch: CapturedChange[]): Promise<void> {
    const checks = new Map<string, ClaimsChecks>()
    const plans: Plan[] = []
    for (const change of batch) {
      if (change.type === 'BROADCAST') plans.push({ broadcast: change })
      else plans.push({ change: change as RowChange, matches: this.match(change as RowChange, checks) })
    }
    await this.checkVisibility(checks)
    for (const plan of plans) {
      if ('broadcast' in plan) this.onBroadcast(plan.broadcast)
      else for (const m of plan.matches) this.deliver(plan.change, m, checks)
    }
  }

  private match(change: RowChange, checks: Map<string, ClaimsChecks>): Match[] {
    const sinks = this.byTable.get(`${change.schema}.${change.table}`)
    if (!sinks) return []
    const matches: Match[] = []
    for (const [sink, subs] of sinks) {
      if (!sink.alive) continue
      const m = matchSubscriptions(change, sink, subs)
      if (!m) continue
      if (m.rls) requestCheck(checks, sink, m.meta, change, m.error !== null)
      matches.push(m)
    }
    return matches
  }

  private deliver(change: RowChange, m: Match, checks: Map<string, ClaimsChecks>): void {
    if (!m.sink.alive) return
    if (m.rls && !isVisible(checks.get(m.sink.claimsKey)?.tables.get(tableKey(m.meta)), change, m)) return
    if (m.error) {
      const ids = [...new Set([...m.groups.values()].flatMap((g) => g.ids))]
      return m.sink.deliverChange(ids, errorData(change, m.error))
    }
    for (const g of m.groups.values()) m.sink.deliverChange(g.ids, changeData(change, m.meta, g.select))
  }

  private async checkVisibility(checks: Map<string, ClaimsChecks>): Promise<void> {
    for (const { claims, tables } of checks.values()) {
      try {
        await this.db.asRole(claims, async (tx) => {
          for (const t of tables.values()) {
            if (t.keys.size > 0) {
              const { sql, params } = visibilityQuery(t.meta, [...t.keys.values()])
              const res = await tx.query<{ k: unknown[] }>(sql, params)
              for (const row of res.rows) t.visible.add(JSON.stringify(row.k))
            }
            if (t.images.length > 0) t.visibleImages = await visibleImages(tx, t.meta, t.images)
          }
        })
      } catch (err) {
        // Fails closed: nothing in this group is delivered.
        for (const t of tables.values()) {
          t.visible.clear()
          t.visibleImages.clear()
        }
        this.log.warn('realtime: RLS check failed; changes withheld', (err as Error).message)
      }
    }
  }
}

function matchSubscriptions(change: RowChange, sink: ChangeSink, subs: Subscription[]): Match | null {
  const key = `${change.schema}.${change.table}`
  let match: Match | null = null
  for (const sub of subs) {
    if (sub.action !== '*' && sub.action !== change.type) continue
    const target = sub.targets.get(key)
    if (!target || !rowPasses(target.filters, filterImage(change, target.meta))) continue
    if (!match) {
      const error = changeError(change, target.meta)
      const rls = needsRlsCheck(target.meta, String(sink.claims.role))
      match = { sink, meta: target.meta, groups: new Map(), error, rls }
    }
    const selectKey = target.select ? JSON.stringify([...target.select].sort()) : '*'
    const group = match.groups.get(selectKey) ?? { select: target.select, ids: [] }
    if (!group.ids.includes(sub.id)) group.ids.push(sub.id)
    match.groups.set(selectKey, group)
  }
  return match
}

/** Whether a change must be judged from its image: its row is gone, or has no key to look it up by. */
const byImage = (change: RowChange, hasError: boolean): boolean => change.type === 'DELETE' || hasError

function requestCheck(
  checks: Map<string, ClaimsChecks>,
  sink: ChangeSink,
  meta: TableMeta,
  change: RowChange,
  hasError: boolean,
): void {
  let c = checks.get(sink.claimsKey)
  if (!c) checks.set(sink.claimsKey, (c = { claims: sink.claims, tables: new Map() }))
  const key = tableKey(meta)
  let t = c.tables.get(key)
  if (!t) {
    t = {
      meta,
      keys: new Map(),
      visible: new Set(),
      images: [],
      imageOf: new Map(),
      visibleImages: new Set(),
    }
    c.tables.set(key, t)
  }
  if (byImage(change, hasError)) {
    if (t.imageOf.has(change.id)) return
    t.imageOf.set(change.id, t.images.length)
    t.images.push((change.type === 'DELETE' ? change.oldRecord : change.record) ?? {})
  } else {
    const row = change.record ?? {}
    t.keys.set(
      pkKey(row, meta.primaryKey),
      meta.primaryKey.map((k) => row[k]),
    )
  }
}

function isVisible(t: TableChecks | undefined, change: RowChange, m: Match): boolean {
  if (!t) return false
  if (byImage(change, m.error !== null)) return t.visibleImages.has(t.imageOf.get(change.id) ?? -1)
  return t.visible.has(pkKey(change.record ?? {}, m.meta.primaryKey))
}

const tableKey = (meta: TableMeta): string => `${meta.schema}.${meta.table}`
const pkKey = (row: Record<string, unknown>, pk: string[]): string =>
  JSON.stringify(pk.map((k) => row[k] ?? null))
const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`

/** `select json_build_array(pk…) as k from t where pk = any($1)`; a composite key goes through unnest. */
function visibilityQuery(meta: TableMeta, keys: unknown[][]): { sql: string; params: unknown[] } {
  const cols = meta.primaryKey.map((name) => ({
    name,
    regtype: meta.columns.find((c) => c.name === name)!.regtype,
  }))
  const params = cols.map((_, i) => keys.map((k) => asParam(k[i])))
  const from = `${ident(meta.schema)}.${ident(meta.table)}`
  const list = cols.map((c) => ident(c.name)).join(', ')
  const where =
    cols.length === 1
      ? `${ident(cols[0]!.name)} = any($1::${cols[0]!.regtype}[])`
      : `(${list}) in (select * from unnest(${cols.map((c, i) => `$${i + 1}::${c.regtype}[]`).join(', ')}))`
  return { sql: `select json_build_array(${list}) as k from ${from} where ${where}`, params }
}

function asParam(v: unknown): string | null {
  if (v === null || v === undefined) return null
  return typeof v === 'string' ? v : JSON.stringify(v)
}
