// postgres_changes bindings → subscriptions. Parsing follows the real server's parse_subscription_params;
// validation follows its subscription_check_filters trigger (same order, same messages), with every filter
// value cast to its column type by Postgres here, once, so that changes can be matched in JavaScript.
import type { Database } from '../db/database'
import { PgError, describePgError, publishedTables, tableMeta, type TableMeta } from './catalog'
import { inspectList, parseFilters, valueKind, type CompiledFilter, type ParsedFilter } from './filters'
import { regexMatcher } from './regex-syntax'
import { likeMatcher, PatternError, type Matcher } from './safe-match'

export type Action = '*' | 'INSERT' | 'UPDATE' | 'DELETE'

export interface SubscriptionParams {
  action: Action
  schema: string
  table: string
  filters: ParsedFilter[]
  select: string[] | null
}

/** One table a subscription covers, with its filters compiled for that table's column types. */
export interface Target {
  meta: TableMeta
  filters: CompiledFilter[]
  select: Set<string> | null
}

export interface Subscription {
  id: number
  action: Action
  /** Keyed `schema.table`. */
  targets: Map<string, Target>
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

const has = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k)
const str = (v: unknown): v is string => typeof v === 'string'

export function parseSubscriptionParams(p: Record<string, unknown>): Parsed<SubscriptionParams> {
  const action = actionOf(p.event)
  let select: string[] | null = null
  if (Array.isArray(p.select)) select = p.select.filter(str)
  else if (str(p.select)) {
    return {
      ok: false,
      error:
        'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    }
  }
  let schema: string
  let table: string
  let filters: ParsedFilter[] = []
  if (str(p.schema) && str(p.table) && str(p.filter)) {
    const parsed = parseFilters(p.filter)
    if (!parsed.ok) return { ok: false, error: `Error parsing \`filter\` params: ${parsed.error}` }
    ;[schema, table, filters] = [p.schema, p.table, parsed.value]
  } else if (str(p.schema) && str(p.table) && !has(p, 'filter')) {
    ;[schema, table] = [p.schema, p.table]
  } else if (str(p.schema) && !has(p, 'table') && !has(p, 'filter')) {
    ;[schema, table] = [p.schema, '*']
  } else if (str(p.table) && !has(p, 'schema') && !has(p, 'filter')) {
    ;[schema, table] = ['public', p.table]
  } else {
    const shown = has(p, 'user_token') || has(p, 'auth_token') ? '<redacted>' : inspectTerm(p)
    return {
      ok: false,
      error: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${shown}`,
    }
  }
  if (select && (schema === '*' || table === '*')) {
    return {
      ok: false,
      error:
        'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.',
    }
  }
  return { ok: true, value: { action, schema, table, filters, select } }
}

function actionOf(event: unknown): Action {
  if (!str(event)) return '*'
  const e = event.toUpperCase()
  return e === 'INSERT' || e === 'UPDATE' || e === 'DELETE' ? e : '*'
}

/** Stable id for a binding, like the real server's `:erlang.phash2(params)`: a 27-bit integer. */
export function bindingId(params: Record<string, unknown>): number {
  let h = 0x811c9dc5
  const text = canonicalJson(params)
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) & 0x7ffffff
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** Elixir's `inspect` for the JSON terms a join payload can hold. */
export function inspectTerm(v: unknown): string {
  if (v === null || v === undefined) return 'nil'
  if (str(v)) return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(inspectTerm).join(', ')}]`
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort()
    const rec = v as Record<string, unknown>
    return `%{${keys.map((k) => `${JSON.stringify(k)} => ${inspectTerm(rec[k])}`).join(', ')}}`
  }
  return String(v)
}

export function paramsToLog(p: SubscriptionParams): string {
  const filters = p.filters.map(
    (f) => `{${JSON.stringify(f.column)}, ${JSON.stringify(f.op)}, ${JSON.stringify(f.value)}, ${f.negate}}`,
  )
  const select = p.select ? inspectList(p.select) : 'nil'
  return `event: ${p.action}, schema: ${p.schema}, table: ${p.table}, filters: [${filters.join(', ')}], select: ${select}`
}

/**
 * Creates the subscriptions of one channel for the given role, all or nothing: the first problem is
 * returned as the message the `system` error carries.
 */
export async function createSubscriptions(
  db: Database,
  role: string,
  bindings: Record<string, unknown>[],
): Promise<Parsed<Subscription[]>> {
  const parsed: [Record<string, unknown>, SubscriptionParams][] = []
  for (const binding of bindings) {
    const p = parseSubscriptionParams(binding)
    if (!p.ok) return p
    parsed.push([binding, p.value])
  }
  const subs: Subscription[] = []
  for (const [binding, params] of parsed) {
    const tables = await publishedTables(db, params.schema, params.table)
    if (tables.length === 0) {
      return {
        ok: false,
        error: `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${paramsToLog(params)}]`,
      }
    }
    const targets = new Map<string, Target>()
    try {
      for (const [schema, table] of tables) {
        const meta = await tableMeta(db, schema, table, role)
        if (meta) targets.set(`${schema}.${table}`, await compileTarget(db, meta, params))
      }
    } catch (err) {
      return {
        ok: false,
        error: `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${paramsToLog(params)}]. Exception: ${describePgError(err)}`,
      }
    }
    subs.push({ id: bindingId(binding), action: params.action, targets })
  }
  return { ok: true, value: subs }
}

async function compileTarget(db: Database, meta: TableMeta, params: SubscriptionParams): Promise<Target> {
  const selectable = new Set(meta.columns.filter((c) => c.canSelect).map((c) => c.name))
  const filters: CompiledFilter[] = []
  for (const f of params.filters) filters.push(await compileFilter(db, meta, selectable, f))
  for (const col of params.select ?? []) {
    if (!selectable.has(col)) throw new PgError('P0001', `invalid column for select ${col}`)
  }
  return { meta, filters, select: params.select ? new Set(params.select) : null }
}

async function compileFilter(
  db: Database,
  meta: TableMeta,
  selectable: Set<string>,
  f: ParsedFilter,
): Promise<CompiledFilter> {
  const col = meta.columns.find((c) => c.name === f.column)
  if (!col || !selectable.has(f.column)) throw new PgError('P0001', `invalid column for filter ${f.column}`)
  const base = { column: f.column, op: f.op, negate: f.negate, kind: valueKind(col.type) }
  switch (f.op) {
    case 'in': {
      const items = (await cast(db, f.value, `${col.regtype}[]`)) as unknown[] | null
      if ((items?.length ?? 0) > 100)
        throw new PgError('P0001', 'too many values for `in` filter. Maximum 100')
      return { ...base, value: null, items: items ?? [] }
    }
    case 'is':
      if (!['null', 'true', 'false', 'unknown'].includes(f.value)) {
        throw new PgError('P0001', 'invalid value for is filter: must be null, true, false, or unknown')
      }
      if (f.value !== 'null' && col.type !== 'bool') {
        throw new PgError('P0001', `is ${f.value} filter requires a boolean column, got ${col.regtype}`)
      }
      return { ...base, value: f.value }
    case 'like':
    case 'ilike':
      if (!col.hasLike) throw textOnly(f.op, col.regtype)
      return { ...base, value: f.value, regex: safeLike(f.op, f.value) }
    case 'match':
    case 'imatch':
      if (!(f.op === 'match' ? col.hasMatch : col.hasImatch)) throw textOnly(f.op, col.regtype)
      return { ...base, value: f.value, regex: await compileMatch(db, f.op, f.value) }
    default:
      return { ...base, value: await cast(db, f.value, col.regtype) }
  }
}

const textOnly = (op: string, type: string): PgError =>
  new PgError('P0001', `operator ${op} requires a text-compatible column type, got ${type}`)

async function cast(db: Database, value: string, regtype: string): Promise<unknown> {
  const res = await db.query<{ v: unknown }>(`select to_jsonb($1::text::${regtype}) as v`, [value])
  return res.rows[0]?.v ?? null
}

function safeLike(op: 'like' | 'ilike', pattern: string): Matcher {
  try {
    return likeMatcher(pattern, op === 'ilike')
  } catch (err) {
    if (!(err instanceof PatternError)) throw err
    throw new PgError('P0001', `invalid pattern for ${op} filter: ${err.message}`)
  }
}

/**
 * Ours first: Postgres' own regex compiler runs in this thread too (PGlite). In one trial a 1,000,000-character
 * pattern was still compiling when stopped after 180 s; `[a-z]{1,255}` × 800 took 1 s. Only bounded programs reach it.
 */
async function compileMatch(db: Database, op: 'match' | 'imatch', pattern: string): Promise<Matcher> {
  const regex = safeRegex(op, pattern)
  await checkRegex(db, op, pattern)
  return regex
}

/** The real server runs any valid pattern; this one refuses what a linear-time matcher cannot run. */
function safeRegex(op: 'match' | 'imatch', pattern: string): Matcher {
  try {
    return regexMatcher(pattern, op === 'imatch')
  } catch (err) {
    if (!(err instanceof PatternError)) throw err
    throw new PgError(
      'P0001',
      `invalid regular expression for ${op} filter: invalid regular expression: ${err.message}`,
    )
  }
}

async function checkRegex(db: Database, op: string, pattern: string): Promise<void> {
  try {
    await db.query(`select '' ~ $1::text`, [pattern])
  } catch (err) {
    const message = (err as { message?: string }).message ?? String(err)
    throw new PgError('P0001', `invalid regular expression for ${op} filter: ${message}`)
  }
}
