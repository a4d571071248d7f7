// Reads: GET/HEAD on a table or view, and the rows of a set-returning function. One statement renders
// the page (and the total, if a count was asked for) as JSON built by Postgres.
import type { BackendContext } from '../context'
import type { TableInfo } from '../db/database'
import { notSingle, unknownTable } from './errors'
import { finishBody, renderSql, type Rendered } from './media'
import { parseQuery, type QueryParts } from './query-params'
import { EXPOSED_SCHEMA, inTransaction, type RestRequest, type Run } from './request'
import { contentRange, rangeStatus, send, type Reply } from './respond'
import { Params, ident, orderSql, pageSql, selectSql, whereSql, type Source } from './sql-builder'

export async function requireTable(ctx: BackendContext, table: string): Promise<TableInfo> {
  const info = await ctx.db.tableInfo(EXPOSED_SCHEMA, table)
  if (!info) throw unknownTable(EXPOSED_SCHEMA, table)
  return info
}

export const qualifiedTable = (table: string): string => `${ident(EXPOSED_SCHEMA)}.${ident(table)}`

export function tableSource(info: TableInfo): Source {
  return {
    label: info.table,
    columns: info.columns.map((c) => c.name),
    qualifier: qualifiedTable(info.table),
  }
}

/** A relation to read from: a table, or `pgrst_source` defined by a `with` prefix (function calls). */
export interface ReadTarget {
  src: Source
  from: string
  cte?: string
  /** Render this column of each row instead of the row. */
  scalar?: string
}

export interface ReadResult {
  rendered: Rendered
  labels: string[]
}

/** Builds and runs the read; `params` may already hold the CTE's parameters. */
export async function runRead(
  run: Run,
  rq: RestRequest,
  target: ReadTarget,
  q: QueryParts,
  params: Params,
): Promise<ReadResult> {
  const { src, from } = target
  const proj = selectSql(src, q.select, params)
  const where = whereSql(src, q.conditions, params)
  const inner = `select ${proj.sql} from ${from}${where}${orderSql(src, q.order, params)}${pageSql(q.limit, q.offset, params)}`
  const total = rq.prefer.count
    ? `select count(*)::int from ${from}${whereSql(src, q.conditions, params)}`
    : null
  const sql = renderSql(inner, rq.media, { cte: target.cte, total, scalar: target.scalar })
  const { rows } = await run<Rendered>(sql, params.values)
  const rendered = rows[0]!
  if (rq.media.kind === 'single' && rendered.page_total !== 1) throw notSingle(rendered.page_total)
  return { rendered, labels: proj.labels }
}

export function readReply(rq: RestRequest, q: QueryParts, result: ReadResult): Reply {
  const { rendered } = result
  const upper = q.offset + rendered.page_total - 1
  const total = rendered.total ?? null
  const status = rangeStatus(q.offset, upper, total)
  return {
    status,
    body: finishBody(rq.media, result.labels, rendered),
    headers: { 'Content-Range': contentRange(q.offset, upper, total) },
  }
}

export async function readTable(ctx: BackendContext, rq: RestRequest, table: string): Promise<void> {
  const info = await requireTable(ctx, table)
  const q = parseQuery(rq.http.url.searchParams, table)
  const src = tableSource(info)
  const result = await inTransaction(ctx, rq, (run) =>
    runRead(run, rq, { src, from: src.qualifier }, q, new Params()),
  )
  send(rq, readReply(rq, q, result))
}
