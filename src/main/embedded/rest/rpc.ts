// /rpc/:fn — named arguments from the JSON body (POST) or the query string (GET/HEAD). Arguments go to
// Postgres as one JSON parameter and json_to_record types them with the function's own argument types.
import type { BackendContext } from '../context'
import { invalidBody, pgrstError } from './errors'
import { chooseFunction, loadFunctions, type Choice } from './functions'
import { isOperation } from './parse-filters'
import { isKeyword, parseQuery, type QueryParts } from './query-params'
import { readReply, runRead, type ReadTarget } from './read'
import { EXPOSED_SCHEMA, inTransaction, type RestRequest, type Run } from './request'
import { contentRange, send } from './respond'
import { Params, ident } from './sql-builder'
import { isRow, readJsonBody } from './write'

export async function callFunction(ctx: BackendContext, rq: RestRequest, name: string): Promise<void> {
  const { args, keys } = await readArgs(rq)
  const fns = await loadFunctions(ctx, name)
  const choice = chooseFunction(name, fns, keys, !rq.readOnly)
  const skip = new Set(rq.readOnly ? choice.args.map((a) => a.name) : [])
  const q = parseQuery(rq.http.url.searchParams, name, skip)
  const params = new Params()
  const call = callSql(choice, args, params)
  const { fn } = choice

  // max-affected counts returned rows, so PostgREST refuses it, before running anything, for a single value.
  if (rq.prefer.maxAffected !== null && !fn.returnsSet) {
    throw pgrstError(
      400,
      'PGRST128',
      'Function must return SETOF or TABLE when max-affected preference is used with handling=strict',
    )
  }
  if (fn.returnsVoid || (fn.columns === null && !fn.returnsSet)) {
    const sql = fn.returnsVoid
      ? `select ${call.expr}${call.from}`
      : `select to_json(${call.expr})::text as body${call.from}`
    const rows = await inTransaction(ctx, rq, (run) => run<{ body: string | null }>(sql, params.values))
    // One value is one row: `count` counts it, as PostgREST does.
    const headers = { 'Content-Range': contentRange(0, 0, rq.prefer.count ? 1 : null) }
    if (fn.returnsVoid || rq.prefer.return === 'minimal')
      return send(rq, { status: 204, body: null, headers })
    return send(rq, { status: 200, body: rows.rows[0]?.body ?? 'null', headers })
  }
  await readRows(ctx, rq, choice, call, params, q)
}

interface CallSql {
  /** The call expression, e.g. `"public"."f"("a" := pgrst_args."a")`. */
  expr: string
  /** ` from json_to_record(…) pgrst_args(…)` when there are arguments, else ''. */
  from: string
}

function callSql(choice: Choice, args: unknown, params: Params): CallSql {
  const fnName = `${ident(EXPOSED_SCHEMA)}.${ident(choice.fn.name)}`
  if (choice.wholeBody) {
    return { expr: `${fnName}(${params.add(JSON.stringify(args))}::${choice.fn.inputs[0]!.type})`, from: '' }
  }
  if (choice.args.length === 0) return { expr: `${fnName}()`, from: '' }
  const defs = choice.args.map((a) => `${ident(a.name)} ${a.type}`).join(', ')
  const named = choice.args.map((a) => `${ident(a.name)} := pgrst_args.${ident(a.name)}`).join(', ')
  return {
    expr: `${fnName}(${named})`,
    from: ` from json_to_record(${params.add(JSON.stringify(args))}::json) as pgrst_args(${defs})`,
  }
}

/** Functions returning rows (or sets of scalars) read like a table: select, filters, order, count. */
async function readRows(
  ctx: BackendContext,
  rq: RestRequest,
  choice: Choice,
  call: CallSql,
  params: Params,
  q: QueryParts,
): Promise<void> {
  const { fn } = choice
  const scalar = fn.columns === null
  const columns = fn.columns ?? [fn.name]
  const callFrom = call.from
    ? `${call.from}, lateral ${call.expr} pgrst_call`
    : ` from ${call.expr} pgrst_call`
  const alias = scalar ? `(${ident(fn.name)})` : ''
  const target: ReadTarget = {
    src: { label: fn.name, columns, qualifier: 'pgrst_source' },
    from: 'pgrst_source',
    cte: `with pgrst_source as (select pgrst_call.*${callFrom}${alias})`,
    ...(scalar ? { scalar: ident(fn.name) } : {}),
  }
  // A function returning one composite value answers with an object, not an array.
  const single = !fn.returnsSet && rq.media.kind === 'json'
  const readRq: RestRequest = single ? { ...rq, media: { ...rq.media, kind: 'single' } } : rq
  const result = await inTransaction(ctx, rq, async (run: Run) => {
    const read = await runRead(run, readRq, target, q, params)
    // Thrown inside the transaction, so whatever the function wrote is rolled back.
    const n = read.rendered.page_total
    if (rq.prefer.maxAffected !== null && n > rq.prefer.maxAffected) {
      throw pgrstError(
        400,
        'PGRST124',
        'Query result exceeds max-affected preference constraint',
        `The query affects ${n} rows`,
      )
    }
    return read
  })
  if (rq.prefer.return === 'minimal') return send(rq, { status: 204, body: null })
  send(rq, readReply(readRq, q, result))
}

async function readArgs(rq: RestRequest): Promise<{ args: unknown; keys: string[] }> {
  if (rq.readOnly) {
    const args: Record<string, string> = {}
    // Values that are operations (`id=eq.6`) filter the result; the others are arguments (PostgREST).
    for (const [k, v] of rq.http.url.searchParams) if (!isKeyword(k) && !isOperation(v)) args[k] ??= v
    return { args, keys: Object.keys(args) }
  }
  const body = await readJsonBody(rq, true)
  if (isRow(body)) return { args: body, keys: Object.keys(body) }
  if (Array.isArray(body)) return { args: body, keys: [] }
  throw invalidBody('Expected a JSON object of named arguments')
}
