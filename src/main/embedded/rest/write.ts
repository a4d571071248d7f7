// Writes: POST (insert, upsert), PATCH (update) and DELETE on a table. The JSON body goes to Postgres as
// one parameter and json_populate_record* turns it into rows, so Postgres does every type conversion.
import { parseJson } from '../http/json'
import type { BackendContext } from '../context'
import type { TableInfo } from '../db/database'
import { invalidBody, notSingle, pgrstError, unknownBodyColumn, unknownColumn } from './errors'
import { finishBody, renderSql, type Rendered } from './media'
import { parseQuery, type QueryParts } from './query-params'
import { qualifiedTable, requireTable, tableSource } from './read'
import { inTransaction, type RestRequest } from './request'
import { contentRange, send } from './respond'
import { Params, ident, selectSql, whereSql } from './sql-builder'

type Row = Record<string, unknown>
type Kind = 'insert' | 'update' | 'delete'

interface Mutation {
  info: TableInfo
  q: QueryParts
  kind: Kind
  /** The statement without RETURNING. */
  statement: string
  params: Params
}

interface Outcome {
  rendered: Rendered
  labels: string[]
  /** Rows inserted rather than merged (upserts), when known. */
  inserted: number | null
}

export async function insertRows(ctx: BackendContext, rq: RestRequest, table: string): Promise<void> {
  const info = await requireTable(ctx, table)
  const q = parseQuery(rq.http.url.searchParams, table)
  const body = await readJsonBody(rq, false)
  if (!isRow(body) && !(Array.isArray(body) && body.every(isRow))) {
    throw invalidBody('Expected a JSON object or an array of JSON objects')
  }
  const rows = Array.isArray(body) ? body : [body]
  const columns = q.columns ?? sameKeys(rows)
  checkBodyColumns(info, columns)
  const T = qualifiedTable(table)
  const params = new Params()
  const payload = `${params.add(JSON.stringify(rows))}::json`
  const cols = columns.map(ident).join(', ')
  let source: string
  // Objects without keys still insert rows, each made of column defaults.
  if (columns.length === 0) source = `select from json_array_elements(${payload})`
  else if (rq.prefer.missingDefault && q.columns) source = valuesWithDefaults(T, columns, rows, payload)
  else source = `select ${cols} from json_populate_recordset(null::${T}, ${payload}) pgrst_body`
  const target = columns.length > 0 ? ` (${cols})` : ''
  const statement = `insert into ${T}${target} ${source}${conflictSql(info, q, rq, columns)}`
  if (rows.length === 0) return respond(rq, { info, q, kind: 'insert', statement, params }, emptyOutcome(rq))
  await mutate(ctx, rq, { info, q, kind: 'insert', statement, params })
}

export async function updateRows(ctx: BackendContext, rq: RestRequest, table: string): Promise<void> {
  const info = await requireTable(ctx, table)
  const q = parseQuery(rq.http.url.searchParams, table)
  refusePaging(q)
  const body = await readJsonBody(rq, false)
  if (!isRow(body)) throw invalidBody('Expected a JSON object')
  const columns = q.columns ?? Object.keys(body)
  checkBodyColumns(info, columns)
  const T = qualifiedTable(table)
  const params = new Params()
  const payload = params.add(JSON.stringify(body))
  const sets = columns.map((c) => `${ident(c)} = pgrst_body.${ident(c)}`).join(', ')
  const where = whereSql(tableSource(info), q.conditions, params)
  const statement = `update ${T} set ${sets} from (select * from json_populate_record(null::${T}, ${payload}::json)) pgrst_body${where}`
  const mutation: Mutation = { info, q, kind: 'update', statement, params }
  // An empty patch changes nothing; PostgREST answers as if no row matched.
  if (columns.length === 0) return respond(rq, mutation, emptyOutcome(rq))
  await mutate(ctx, rq, mutation)
}

export async function deleteRows(ctx: BackendContext, rq: RestRequest, table: string): Promise<void> {
  const info = await requireTable(ctx, table)
  const q = parseQuery(rq.http.url.searchParams, table)
  refusePaging(q)
  const params = new Params()
  const statement = `delete from ${qualifiedTable(table)}${whereSql(tableSource(info), q.conditions, params)}`
  await mutate(ctx, rq, { info, q, kind: 'delete', statement, params })
}

async function mutate(ctx: BackendContext, rq: RestRequest, m: Mutation): Promise<void> {
  const outcome = await inTransaction(ctx, rq, async (run) => {
    if (!wantsRows(rq)) {
      const res = await run(m.statement, m.params.values)
      const n = res.affectedRows ?? 0
      checkAffected(rq, n)
      return { rendered: { body: null, page_total: n, total: null }, labels: [], inserted: null }
    }
    const src = { label: m.info.table, columns: m.info.columns.map((c) => c.name), qualifier: 'pgrst_source' }
    const select = rq.prefer.return === 'headers-only' ? pkSelect(m.info) : m.q.select
    const proj = selectSql(src, select, m.params)
    const flag = m.kind === 'insert' ? ', (xmax = 0) as pgrst_inserted' : ''
    const cte = `with pgrst_source as (${m.statement} returning ${qualifiedTable(m.info.table)}.*${flag})`
    // For inserts the "total" slot carries how many rows were new rather than merged into existing ones.
    const total = m.kind === 'insert' ? 'select count(*)::int from pgrst_source where pgrst_inserted' : null
    const media =
      rq.prefer.return === 'headers-only' ? { kind: 'json' as const, stripNulls: false } : rq.media
    const sql = renderSql(`select ${proj.sql} from pgrst_source`, media, { cte, total })
    const rendered = (await run<Rendered>(sql, m.params.values)).rows[0]!
    checkAffected(rq, rendered.page_total)
    return { rendered, labels: proj.labels, inserted: rendered.total }
  })
  respond(rq, m, outcome)
}

function respond(rq: RestRequest, m: Mutation, outcome: Outcome): void {
  const n = outcome.rendered.page_total
  const total = rq.prefer.count ? n : null
  const headers: Record<string, string> = {
    'Content-Range': m.kind === 'update' ? contentRange(0, n - 1, total) : contentRange(1, 0, total),
  }
  const representation = rq.prefer.return === 'representation'
  const body = representation ? finishBody(rq.media, outcome.labels, outcome.rendered) : null
  if (m.kind !== 'insert') return send(rq, { status: representation ? 200 : 204, body, headers })
  if (rq.prefer.return === 'headers-only') {
    const location = locationOf(m.info, outcome.rendered.body)
    if (location) headers.Location = location
  }
  const merged = rq.prefer.resolution === 'merge-duplicates' && outcome.inserted === 0 && n > 0
  send(rq, { status: merged ? 200 : 201, body, headers })
}

function emptyOutcome(rq: RestRequest): Outcome {
  if (rq.media.kind === 'single') throw notSingle(0)
  return {
    rendered: { body: rq.media.kind === 'csv' ? '' : '[]', page_total: 0, total: null },
    labels: [],
    inserted: 0,
  }
}

const wantsRows = (rq: RestRequest): boolean =>
  rq.prefer.return === 'representation' || rq.prefer.return === 'headers-only'

/** Throwing here rolls the transaction back: a single-object request or a max-affected limit failed. */
function checkAffected(rq: RestRequest, n: number): void {
  if (rq.media.kind === 'single' && n !== 1) throw notSingle(n)
  if (rq.prefer.maxAffected !== null && n > rq.prefer.maxAffected) {
    throw pgrstError(
      400,
      'PGRST124',
      'Query result exceeds max-affected preference constraint',
      `The query affects ${n} rows`,
    )
  }
}

export async function readJsonBody(rq: RestRequest, emptyIsObject: boolean): Promise<unknown> {
  const text = (await rq.http.body()).toString('utf8')
  if (text.trim() === '' && emptyIsObject) return {}
  try {
    return parseJson(text)
  } catch (err) {
    throw invalidBody(err instanceof Error ? err.message : null)
  }
}

export const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v)

function sameKeys(rows: Row[]): string[] {
  const keys = Object.keys(rows[0] ?? {})
  const signature = [...keys].sort().join('\u0000')
  if (rows.some((r) => Object.keys(r).sort().join('\u0000') !== signature)) {
    throw pgrstError(400, 'PGRST102', 'All object keys must match')
  }
  return keys
}

function checkBodyColumns(info: TableInfo, columns: string[]): void {
  const known = new Set(info.columns.map((c) => c.name))
  const missing = columns.find((c) => !known.has(c))
  if (missing !== undefined) throw unknownBodyColumn(info.table, missing)
}

function refusePaging(q: QueryParts): void {
  if (q.limit !== null || q.offset > 0) {
    throw pgrstError(400, 'PGRST100', 'limit and offset are not supported on PATCH and DELETE here', null)
  }
}

/** `Prefer: missing=default`: keys an object lacks take the column default instead of NULL. */
function valuesWithDefaults(T: string, columns: string[], rows: Row[], payload: string): string {
  const tuples = rows.map((row, i) => {
    const cells = columns.map((c) =>
      Object.hasOwn(row, c)
        ? `(json_populate_record(null::${T}, ${payload} -> ${i})).${ident(c)}`
        : 'default',
    )
    return `(${cells.join(', ')})`
  })
  return `values ${tuples.join(', ')}`
}

function conflictSql(info: TableInfo, q: QueryParts, rq: RestRequest, columns: string[]): string {
  const resolution = rq.prefer.resolution
  if (!resolution) return ''
  const target = q.onConflict ?? info.primaryKey
  if (target.length === 0) {
    throw pgrstError(
      400,
      '42P10',
      'there is no unique or exclusion constraint matching the ON CONFLICT specification',
    )
  }
  const known = new Set(info.columns.map((c) => c.name))
  const bad = target.find((c) => !known.has(c))
  if (bad !== undefined) throw unknownColumn(info.table, bad)
  const on = ` on conflict (${target.map(ident).join(', ')})`
  if (resolution === 'ignore-duplicates' || columns.length === 0) return `${on} do nothing`
  return `${on} do update set ${columns.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}`
}

function pkSelect(info: TableInfo): QueryParts['select'] {
  return info.primaryKey.map((name) => ({
    kind: 'field',
    field: { name, path: [] },
    alias: null,
    cast: null,
  }))
}

function locationOf(info: TableInfo, body: string | null): string | null {
  const first = body ? (JSON.parse(body) as Row[])[0] : undefined
  if (!first || info.primaryKey.length === 0) return null
  const query = new URLSearchParams()
  for (const k of info.primaryKey) query.append(k, `eq.${String(first[k])}`)
  return `/${info.table}?${query.toString()}`
}
