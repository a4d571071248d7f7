// Parsed query parts → SQL text. Every identifier is checked against the columns the catalog lists and
// then quoted; every value travels as a bind parameter. Nothing the client wrote is pasted into SQL
// except cast type names, which the select parser restricts to plain type names.
import { unknownColumn } from './errors'
import { FTS_OPS, type Condition, type Filter } from './parse-filters'
import type { SelectItem } from './parse-select'
import type { OrderTerm } from './query-params'
import { fieldLabel, type Field } from './syntax'

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** Positional bind parameters, always sent as text and typed by Postgres from their context. */
export class Params {
  readonly values: (string | null)[] = []
  add(value: string | null): string {
    this.values.push(value)
    return `$${this.values.length}`
  }
}

/** What a query may refer to: the relation's columns, under a SQL qualifier. */
export interface Source {
  /** Relation name as PostgREST prints it in errors (`column calls.x does not exist`). */
  label: string
  columns: string[]
  qualifier: string
}

export function fieldSql(src: Source, f: Field, params: Params): string {
  if (!src.columns.includes(f.name)) throw unknownColumn(src.label, f.name)
  let sql = `${src.qualifier}.${ident(f.name)}`
  for (const step of f.path) {
    // Integer keys index JSON arrays, as in PostgREST; other keys are bound as text.
    sql += /^-?\d{1,9}$/.test(step.key)
      ? `${step.arrow}${step.key}`
      : `${step.arrow}${params.add(step.key)}::text`
  }
  return sql
}

export interface Projection {
  sql: string
  labels: string[]
}

export function selectSql(src: Source, items: SelectItem[], params: Params): Projection {
  const parts: string[] = []
  const labels: string[] = []
  for (const item of items) {
    if (item.kind === 'star') {
      for (const col of src.columns) {
        parts.push(`${src.qualifier}.${ident(col)}`)
        labels.push(col)
      }
      continue
    }
    let expr = fieldSql(src, item.field, params)
    if (item.cast) expr = `(${expr})::${item.cast}`
    const label = item.alias ?? fieldLabel(item.field)
    parts.push(`${expr} as ${ident(label)}`)
    labels.push(label)
  }
  return { sql: parts.join(', '), labels }
}

const COMPARE: Record<string, string> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
}
const TSQUERY: Record<string, string> = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
}

function filterSql(src: Source, f: Filter, params: Params): string {
  const col = fieldSql(src, f.field, params)
  let sql: string
  if (f.op === 'is') sql = `${col} is ${f.value.toLowerCase()}`
  else if (f.op === 'isdistinct') sql = `${col} is distinct from ${params.add(f.value)}`
  else if (f.op === 'in') {
    const list = f.list ?? []
    sql = list.length === 0 ? 'false' : `${col} in (${list.map((v) => params.add(v)).join(', ')})`
  } else if (FTS_OPS.has(f.op)) {
    const config = f.modifier ? `${params.add(f.modifier)}::regconfig, ` : ''
    sql = `${col} @@ ${TSQUERY[f.op]}(${config}${params.add(f.value)})`
  } else {
    // PostgREST accepts `*` for `%` in patterns, which is friendlier in URLs.
    const value = f.op === 'like' || f.op === 'ilike' ? f.value.replace(/\*/g, '%') : f.value
    const rhs = f.modifier ? `${f.modifier}(${params.add(value)})` : params.add(value)
    sql = `${col} ${COMPARE[f.op]} ${rhs}`
  }
  return f.negate ? `not (${sql})` : sql
}

export function conditionSql(src: Source, cond: Condition, params: Params): string {
  if (cond.kind === 'filter') return filterSql(src, cond, params)
  const inner = cond.children.map((c) => `(${conditionSql(src, c, params)})`).join(` ${cond.op} `)
  return cond.negate ? `not (${inner})` : `(${inner})`
}

export function whereSql(src: Source, conditions: Condition[], params: Params): string {
  if (conditions.length === 0) return ''
  return ` where ${conditions.map((c) => `(${conditionSql(src, c, params)})`).join(' and ')}`
}

export function orderSql(src: Source, terms: OrderTerm[], params: Params): string {
  if (terms.length === 0) return ''
  const parts = terms.map((t) => {
    const nulls = t.nulls ? ` nulls ${t.nulls}` : ''
    return `${fieldSql(src, t.field, params)} ${t.dir ?? 'asc'}${nulls}`
  })
  return ` order by ${parts.join(', ')}`
}

export function pageSql(limit: number | null, offset: number, params: Params): string {
  const lim = limit === null ? '' : ` limit ${params.add(String(limit))}::int8`
  const off = offset > 0 ? ` offset ${params.add(String(offset))}::int8` : ''
  return lim + off
}
