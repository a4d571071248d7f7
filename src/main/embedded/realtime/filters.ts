// The postgres_changes filter grammar (`col=[not.]op.value`, comma-AND, PostgREST quoting) as the current
// Realtime server parses it, and its evaluation on a row image. Parsing is pure; values are cast to the
// column type by the database once, at subscribe time (subscriptions.ts), so evaluating a change is plain
// JavaScript on JSON values with the same shapes `to_jsonb` gives the row image.
import type { Matcher } from './safe-match'

export const FILTER_OPS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'like',
  'ilike',
  'is',
  'match',
  'imatch',
  'isdistinct',
] as const
export type FilterOp = (typeof FILTER_OPS)[number]

export interface ParsedFilter {
  column: string
  op: FilterOp
  /** For `in`, the Postgres array literal `{a,b}`; otherwise the unquoted value. */
  value: string
  negate: boolean
}

/** How values of a column compare: Postgres semantics approximated on the JSON image. */
export type ValueKind = 'number' | 'time' | 'bool' | 'other'

export interface CompiledFilter {
  column: string
  op: FilterOp
  negate: boolean
  kind: ValueKind
  /** The value cast to the column type, as JSON (`to_jsonb(value::type)`); for `is`, the keyword. */
  value: unknown
  /** `in`: the cast items. */
  items?: unknown[]
  /** like/ilike/match/imatch: a linear-time matcher (safe-match.ts), never a backtracking RegExp. */
  regex?: Matcher
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

export function parseFilters(filter: string): Parsed<ParsedFilter[]> {
  const trimmed = filter.trim()
  if (trimmed === '') return { ok: true, value: [] }
  const out: ParsedFilter[] = []
  for (const segment of splitTopLevel(trimmed)) {
    const parsed = parseSegment(segment)
    if (!parsed.ok) return parsed
    out.push(parsed.value)
  }
  return { ok: true, value: out }
}

/** Splits on commas outside parentheses and outside a `"…"` that opens after `.`, `(` or `,`. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = []
  let current = ''
  let depth = 0
  let quoted = false
  let prev = ''
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '\\' && i + 1 < s.length) {
        current += ch + s[++i]
      } else {
        if (ch === '"') quoted = false
        current += ch
      }
    } else if (ch === '"' && (prev === '.' || prev === '(' || prev === ',')) {
      quoted = true
      current += ch
    } else if (ch === ',' && depth === 0) {
      parts.push(current)
      current = ''
      prev = ''
      continue
    } else {
      if (ch === '(') depth++
      if (ch === ')') depth = Math.max(0, depth - 1)
      current += ch
    }
    prev = ch
  }
  parts.push(current)
  return parts
}

function parseSegment(segment: string): Parsed<ParsedFilter> {
  const trimmed = segment.trim()
  if (trimmed === '')
    return { ok: false, error: 'filter must not contain empty segments (check for extra commas)' }
  const eq = trimmed.indexOf('=')
  if (eq < 0) return { ok: false, error: inspectList([trimmed]) }
  const column = trimmed.slice(0, eq)
  let rest = trimmed.slice(eq + 1)
  const negate = rest.startsWith('not.')
  if (negate) rest = rest.slice(4)
  const dot = rest.indexOf('.')
  if (dot < 0) return { ok: false, error: inspectList([rest]) }
  const op = rest.slice(0, dot)
  const value = rest.slice(dot + 1)
  if (!(FILTER_OPS as readonly string[]).includes(op)) return { ok: false, error: inspectList([op, value]) }
  if (op === 'in') {
    if (value.length >= 2 && value.startsWith('(') && value.endsWith(')')) {
      return { ok: true, value: { column, op, value: `{${value.slice(1, -1)}}`, negate } }
    }
    return { ok: false, error: '`in` filter value must be wrapped by parentheses' }
  }
  return { ok: true, value: { column, op: op as FilterOp, value: unquote(value), negate } }
}

/** `"…"` loses its quotes and backslash escapes; a badly closed quote leaves the value as given. */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value
  let out = ''
  for (let i = 1; i < value.length; i++) {
    const ch = value[i]!
    if (ch === '\\' && i + 1 < value.length) out += value[++i]
    else if (ch === '"') return i === value.length - 1 ? out : value
    else out += ch
  }
  return value
}

/** Elixir's `inspect` of a list of strings, which is how the real server reports unparsable segments. */
export function inspectList(items: string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(', ')}]`
}

export function valueKind(typname: string): ValueKind {
  if (['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid'].includes(typname)) return 'number'
  if (['date', 'timestamp', 'timestamptz'].includes(typname)) return 'time'
  if (typname === 'bool') return 'bool'
  return 'other'
}

/** Every filter must pass; a filter column missing from the image makes the row invisible. */
export function rowPasses(filters: CompiledFilter[], row: Record<string, unknown> | null): boolean {
  if (filters.length === 0) return true
  if (!row) return false
  for (const f of filters) {
    if (!Object.prototype.hasOwnProperty.call(row, f.column)) return false
    if (!filterPasses(f, row[f.column])) return false
  }
  return true
}

function filterPasses(f: CompiledFilter, v: unknown): boolean {
  if (f.op === 'is') {
    const r = isKeyword(v, f.value as string)
    return f.negate ? !r : r
  }
  if (f.op === 'isdistinct') {
    const r = v === null || f.value === null ? (v === null) !== (f.value === null) : !same(v, f.value, f.kind)
    return f.negate ? !r : r
  }
  // SQL three-valued logic: a NULL operand makes the comparison NULL, and NOT NULL is still not true.
  if (v === null || v === undefined) return false
  const r = compareOp(f, v)
  if (r === null) return false
  return f.negate ? !r : r
}

function isKeyword(v: unknown, keyword: string): boolean {
  if (keyword === 'true') return v === true
  if (keyword === 'false') return v === false
  return v === null || v === undefined
}

function compareOp(f: CompiledFilter, v: unknown): boolean | null {
  switch (f.op) {
    case 'eq':
      return f.value === null ? null : same(v, f.value, f.kind)
    case 'neq':
      return f.value === null ? null : !same(v, f.value, f.kind)
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return ordered(f.op, compare(v, f.value, f.kind))
    case 'in':
      return inList(v, f.items ?? [], f.kind)
    default:
      return typeof v === 'string' && f.regex ? f.regex.test(v) : null
  }
}

function inList(v: unknown, items: unknown[], kind: ValueKind): boolean | null {
  if (items.some((item) => item !== null && same(v, item, kind))) return true
  return items.includes(null) ? null : false
}

function ordered(op: 'lt' | 'lte' | 'gt' | 'gte', c: number | null): boolean | null {
  if (c === null || Number.isNaN(c)) return null
  if (op === 'lt') return c < 0
  if (op === 'lte') return c <= 0
  if (op === 'gt') return c > 0
  return c >= 0
}

function same(a: unknown, b: unknown, kind: ValueKind): boolean {
  if (kind === 'number' || kind === 'time') return compare(a, b, kind) === 0
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b)
  return a === b
}

function compare(a: unknown, b: unknown, kind: ValueKind): number | null {
  if (a === null || b === null || a === undefined || b === undefined) return null
  if (kind === 'number') return Number(a) - Number(b)
  if (kind === 'time') return timeKey(a) - timeKey(b)
  if (kind === 'bool') return (a ? 1 : 0) - (b ? 1 : 0)
  const x = typeof a === 'string' ? a : JSON.stringify(a)
  const y = typeof b === 'string' ? b : JSON.stringify(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Microseconds since the epoch for `to_jsonb` dates and timestamps (offset-aware, UTC when absent). */
export function timeKey(v: unknown): number {
  if (typeof v !== 'string') return NaN
  if (v === 'infinity') return Infinity
  if (v === '-infinity') return -Infinity
  const m = /^(\d{4,}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(v)
  if (!m) return NaN
  const [, date, time = '00:00:00', frac = '', tz] = m
  const offset = !tz || tz === 'Z' ? 'Z' : tz.length === 3 ? `${tz}:00` : tz
  const ms = Date.parse(`${date}T${time}${offset}`)
  const micros = frac ? Math.round(Number(`0${frac}`) * 1_000_000) : 0
  return ms * 1000 + micros
}
