// Response media types (the Accept header) and the SQL that renders rows in them. Postgres renders
// the JSON (json_agg), so timestamps, numerics and bytea look exactly as PostgREST's do.
import { pgrstError } from './errors'

export interface Media {
  kind: 'json' | 'single' | 'csv'
  stripNulls: boolean
}

export function negotiate(accept: string | undefined): Media {
  if (!accept || !accept.trim()) return { kind: 'json', stripNulls: false }
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase())
    const stripNulls = params.includes('nulls=stripped')
    if (type === 'application/json' || type === '*/*' || type === 'application/*') {
      return { kind: 'json', stripNulls: false }
    }
    if (type === 'application/vnd.pgrst.array+json' || type === 'application/vnd.pgrst.array') {
      return { kind: 'json', stripNulls }
    }
    if (type === 'application/vnd.pgrst.object+json' || type === 'application/vnd.pgrst.object') {
      return { kind: 'single', stripNulls }
    }
    if (type === 'text/csv') return { kind: 'csv', stripNulls: false }
  }
  throw pgrstError(406, 'PGRST107', `None of these media types are available: ${accept}`)
}

export function contentType(media: Media): string {
  if (media.kind === 'csv') return 'text/csv; charset=utf-8'
  if (media.kind === 'single') return 'application/vnd.pgrst.object+json; charset=utf-8'
  return 'application/json; charset=utf-8'
}

/** The body expression over rows aliased `_pgrst_t` (or one column of them, for sets of scalars). */
function bodySql(media: Media, scalar: string | null): string {
  const strip = (e: string): string => (media.stripNulls ? `json_strip_nulls(${e})` : e)
  const rows = scalar ? `json_agg(_pgrst_t.${scalar})` : 'json_agg(_pgrst_t)'
  if (media.kind === 'single') return `(${strip(`${rows} -> 0`)})::text`
  if (media.kind === 'csv') {
    // A row's text form without its parentheses is a CSV line (PostgREST renders CSV the same way).
    return `coalesce(string_agg(substring(_pgrst_t::text, 2, length(_pgrst_t::text) - 2), chr(10)), '')`
  }
  return `coalesce(${strip(rows)}, '[]')::text`
}

export interface RenderOptions {
  /** Render this column of each row instead of the row (a function returning a set of scalars). */
  scalar?: string
  /** A `with …` prefix for the statement. */
  cte?: string
  /** A scalar subquery giving the total row count, when the client asked for a count. */
  total?: string | null
}

/**
 * Wraps a row-producing query into one statement that returns the rendered body, the number of rows
 * in it and, if asked for, the total count.
 */
export function renderSql(inner: string, media: Media, opts: RenderOptions = {}): string {
  const total = opts.total ? `, (${opts.total}) as total` : ', null::int as total'
  return (
    `${opts.cte ? `${opts.cte} ` : ''}select ${bodySql(media, opts.scalar ?? null)} as body, ` +
    `count(_pgrst_t)::int as page_total${total} from (${inner}) _pgrst_t`
  )
}

export function csvHeader(labels: string[]): string {
  return labels.map((l) => (/[",\n\r]/.test(l) ? `"${l.replace(/"/g, '""')}"` : l)).join(',')
}

export interface Rendered {
  body: string | null
  page_total: number
  total: number | null
}

export function finishBody(media: Media, labels: string[], rendered: Rendered): string | null {
  if (media.kind === 'csv') return `${csvHeader(labels)}\n${rendered.body ?? ''}`
  return rendered.body
}
