// `select=` as PostgREST reads it: `*`, columns, `alias:column`, `column::type`, JSON paths. Embedded
// resources, spreads and aggregates are recognised only to be refused with PostgREST's own codes.
import { parseError, pgrstError } from './errors'
import { Cursor, QuerySyntaxError, readField, readName, splitTopLevel, type Field } from './syntax'

export type SelectItem =
  { kind: 'star' } | { kind: 'field'; field: Field; alias: string | null; cast: string | null }

/** Type names in casts are written into SQL, so only plain (optionally array) type names pass. */
const CAST_TYPE = /^[A-Za-z_][A-Za-z0-9_]*(\[\])?$/

export function parseSelect(raw: string | null, table: string): SelectItem[] {
  if (raw === null || raw.trim() === '') return [{ kind: 'star' }]
  return splitTopLevel(raw).map((item) => parseItem(item, raw, table))
}

function parseItem(item: string, raw: string, table: string): SelectItem {
  const text = item.trim()
  if (text === '*') return { kind: 'star' }
  if (text === '') throw parseError('select parameter', raw, 'empty item in select')
  refuseUnsupported(text, raw, table)
  const c = new Cursor(text)
  try {
    let alias: string | null = null
    const start = c.i
    const first = readName(c)
    if (c.peek() === ':' && c.peek(2) !== '::') {
      c.i++
      alias = first
    } else c.i = start
    const field = readField(c)
    let cast: string | null = null
    if (c.eat('::')) {
      cast = c.rest().trim()
      if (!CAST_TYPE.test(cast)) throw new QuerySyntaxError(`invalid cast type "${cast}"`)
    }
    if (!c.done) throw c.fail('expected "," "::" "->" or end of item')
    return { kind: 'field', field, alias, cast }
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw parseError('select parameter', raw, err.message)
    throw err
  }
}

function refuseUnsupported(text: string, raw: string, table: string): void {
  if (/^[^"(]*\(\s*\)/.test(text) || /\.(count|sum|avg|min|max)\(\)/.test(text)) {
    throw pgrstError(400, 'PGRST123', 'Use of aggregate functions is not allowed')
  }
  const embed = /^(?:\.\.\.)?(?:[^:(]+:)?([^(!:]+)(?:![^(]*)?\(/.exec(text)
  if (embed) {
    const target = embed[1]!.trim()
    throw pgrstError(
      400,
      'PGRST200',
      `Could not find a relationship between '${table}' and '${target}' in the schema cache`,
      'The embedded backend does not support resource embedding; select the related table separately.',
      null,
    )
  }
  if (text.startsWith('...')) throw parseError('select parameter', raw, 'spread without an embedded resource')
}
