// Horizontal filters: `col=[not.]op[(modifier)].value` and logic trees `or=(a.eq.1,and(b.gt.2,c.is.null))`,
// with PostgREST's quoting rules for in-lists and values inside trees.
import { parseError } from './errors'
import { Cursor, QuerySyntaxError, readField, readQuoted, type Field } from './syntax'

const SIMPLE = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch'] as const
const FTS = ['fts', 'plfts', 'phfts', 'wfts'] as const
const OTHER = ['is', 'isdistinct', 'in', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'] as const
export type Op = (typeof SIMPLE)[number] | (typeof FTS)[number] | (typeof OTHER)[number]
const OPS = new Set<string>([...SIMPLE, ...FTS, ...OTHER])
const QUANTIFIABLE = new Set<string>(SIMPLE)
export const FTS_OPS = new Set<string>(FTS)
const IS_VALUES = new Set(['null', 'true', 'false', 'unknown'])

export interface Filter {
  kind: 'filter'
  field: Field
  negate: boolean
  op: Op
  /** `any`/`all` for `eq(any).{a,b}`; the text-search configuration for `fts(english)`. */
  modifier: string | null
  value: string
  /** The items of an `in.(…)` list. */
  list: string[] | null
}
export interface Logic {
  kind: 'logic'
  op: 'and' | 'or'
  negate: boolean
  children: Condition[]
}
export type Condition = Filter | Logic

/** One `key=value` query pair whose key is a column. */
/** Whether a query value is an operation (`eq.1`, `not.in.(…)`): on GET /rpc the rest are arguments. */
export function isOperation(value: string): boolean {
  const m = /^(?:not\.)?([a-z]+)(?:\([^)]*\))?\./.exec(value)
  return m !== null && OPS.has(m[1]!)
}

export function parseFilter(key: string, value: string): Filter {
  try {
    const fc = new Cursor(key)
    const field = readField(fc)
    if (!fc.done) throw fc.fail('expected end of column name')
    return parseOperation(new Cursor(value), field, false)
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw parseError('filter', value, err.message)
    throw err
  }
}

/** `or=(…)`, `and=(…)`, `not.or=(…)`, `not.and=(…)`. */
export function parseLogicParam(key: string, value: string): Logic {
  const negate = key.startsWith('not.')
  const op = (negate ? key.slice(4) : key) as 'and' | 'or'
  try {
    const c = new Cursor(value)
    const children = parseLogicItems(c)
    if (!c.done) throw c.fail('expected end of logic tree')
    return { kind: 'logic', op, negate, children }
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw parseError('logic tree', `${value}`, err.message)
    throw err
  }
}

function parseLogicItems(c: Cursor): Condition[] {
  c.expect('(')
  const items: Condition[] = []
  do {
    items.push(parseLogicItem(c))
  } while (c.eat(','))
  c.expect(')')
  return items
}

function parseLogicItem(c: Cursor): Condition {
  const nested = /^(not\.)?(and|or)\(/.exec(c.s.slice(c.i))
  if (nested) {
    c.i += nested[0].length - 1
    const children = parseLogicItems(c)
    return { kind: 'logic', op: nested[2] as 'and' | 'or', negate: Boolean(nested[1]), children }
  }
  const field = readField(c)
  c.expect('.')
  return parseOperation(c, field, true)
}

function parseOperation(c: Cursor, field: Field, inTree: boolean): Filter {
  const negate = c.eat('not.')
  const op = /^[a-z]+/.exec(c.s.slice(c.i))?.[0] ?? ''
  if (!OPS.has(op)) throw c.fail(`expected an operator (eq, neq, gt, gte, lt, lte, like, ilike, in, is…)`)
  c.i += op.length
  let modifier: string | null = null
  if (c.eat('(')) {
    const end = c.s.indexOf(')', c.i)
    if (end < 0) throw c.fail('expected ")"')
    modifier = c.s.slice(c.i, end)
    c.i = end + 1
    const ok = FTS_OPS.has(op)
      ? /^[\w-]+$/.test(modifier)
      : QUANTIFIABLE.has(op) && /^(any|all)$/.test(modifier)
    if (!ok) throw new QuerySyntaxError(`unexpected modifier "${modifier}" for operator ${op}`)
  }
  c.expect('.')
  const filter: Filter = { kind: 'filter', field, negate, op: op as Op, modifier, value: '', list: null }
  if (op === 'in') {
    filter.list = readList(c)
    if (!inTree && !c.done) throw c.fail('expected end of in-list')
  } else {
    filter.value = inTree ? readTreeValue(c) : c.rest()
  }
  if (op === 'is' && !IS_VALUES.has(filter.value.toLowerCase())) {
    throw new QuerySyntaxError(`is accepts null, true, false or unknown, not "${filter.value}"`)
  }
  return filter
}

/** `(1,2,"a,b",c d)`: items with `,()` are double-quoted by the client; `\` escapes inside quotes. */
function readList(c: Cursor): string[] {
  c.expect('(')
  const items: string[] = []
  if (c.eat(')')) return items
  for (;;) {
    if (c.peek() === '"') items.push(readQuoted(c))
    else {
      const start = c.i
      while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.i++
      items.push(c.s.slice(start, c.i))
    }
    if (c.eat(')')) return items
    c.expect(',')
  }
}

/** A value inside a logic tree ends at `,` or `)` unless quoted or a `{…}` array literal. */
function readTreeValue(c: Cursor): string {
  if (c.peek() === '"') return readQuoted(c)
  const start = c.i
  if (c.peek() === '{') {
    const end = c.s.indexOf('}', c.i)
    if (end < 0) throw c.fail('expected "}"')
    c.i = end + 1
    return c.s.slice(start, c.i)
  }
  while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.i++
  return c.s.slice(start, c.i)
}
