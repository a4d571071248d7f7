// Splits a request's query string into PostgREST's parts. URLSearchParams already decodes it with
// form-urlencoded rules (`+` is a space), which is how supabase-js encodes it.
import { parseError, pgrstError } from './errors'
import { parseFilter, parseLogicParam, type Condition } from './parse-filters'
import { parseSelect, type SelectItem } from './parse-select'
import { Cursor, QuerySyntaxError, readField, readName, splitTopLevel, type Field } from './syntax'

export interface OrderTerm {
  field: Field
  dir: 'asc' | 'desc' | null
  nulls: 'first' | 'last' | null
}

export interface QueryParts {
  select: SelectItem[]
  /** ANDed together, as repeated keys are. */
  conditions: Condition[]
  order: OrderTerm[]
  limit: number | null
  offset: number
  columns: string[] | null
  onConflict: string[] | null
}

const LOGIC_KEYS = new Set(['or', 'and', 'not.or', 'not.and'])
/** `apikey` is consumed by the API gateway in front of PostgREST and never reaches it as a filter. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'columns', 'on_conflict', 'apikey'])
/** Keys that are never filters (nor function arguments on GET /rpc). */
export const isKeyword = (key: string): boolean => RESERVED.has(key) || LOGIC_KEYS.has(key)
const EMBED_SCOPED = /^(?!not\.).+\.(order|limit|offset|or|and)$/

/** `skip`: keys consumed elsewhere (the arguments of a GET /rpc call). */
export function parseQuery(
  params: URLSearchParams,
  table: string,
  skip: Set<string> = new Set(),
): QueryParts {
  const conditions: Condition[] = []
  for (const [key, value] of params) {
    if (RESERVED.has(key) || skip.has(key)) continue
    if (LOGIC_KEYS.has(key)) conditions.push(parseLogicParam(key, value))
    else if (EMBED_SCOPED.test(key)) {
      throw pgrstError(
        400,
        'PGRST100',
        `"${key}" targets an embedded resource`,
        'Resource embedding is not supported',
      )
    } else conditions.push(parseFilter(key, value))
  }
  const order = params.getAll('order').filter(Boolean).join(',')
  return {
    select: parseSelect(params.get('select'), table),
    conditions,
    order: order ? parseOrder(order) : [],
    limit: parseCount(params.get('limit'), 'limit'),
    offset: parseCount(params.get('offset'), 'offset') ?? 0,
    columns: params.has('columns') ? parseColumns(params.get('columns')!, 'columns') : null,
    onConflict: params.has('on_conflict') ? parseColumns(params.get('on_conflict')!, 'on_conflict') : null,
  }
}

function parseCount(raw: string | null, name: string): number | null {
  if (raw === null || raw === '') return null
  if (!/^\d{1,15}$/.test(raw))
    throw parseError(`${name} parameter`, raw, `${name} must be a non-negative integer`)
  return Number(raw)
}

export function parseOrder(raw: string): OrderTerm[] {
  return splitTopLevel(raw).map((term) => {
    const c = new Cursor(term)
    try {
      const field = readField(c)
      let dir: OrderTerm['dir'] = null
      let nulls: OrderTerm['nulls'] = null
      if (c.eat('.asc')) dir = 'asc'
      else if (c.eat('.desc')) dir = 'desc'
      if (c.eat('.nullsfirst')) nulls = 'first'
      else if (c.eat('.nullslast')) nulls = 'last'
      if (!c.done) throw c.fail('expected .asc, .desc, .nullsfirst or .nullslast')
      return { field, dir, nulls }
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw parseError('order', raw, err.message)
      throw err
    }
  })
}

/** `"a","b"` or `a,b`. */
function parseColumns(raw: string, name: string): string[] {
  return splitTopLevel(raw).map((item) => {
    const c = new Cursor(item.trim())
    try {
      const col = readName(c)
      if (!c.done) throw c.fail('expected "," or end of list')
      return col
    } catch (err) {
      if (err instanceof QuerySyntaxError) throw parseError(`${name} parameter`, raw, err.message)
      throw err
    }
  })
}
