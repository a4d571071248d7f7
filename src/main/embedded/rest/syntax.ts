// The pieces of PostgREST's query grammar shared by select, filters and order: a cursor over the text,
// field names (plain or double-quoted) and JSON paths (`data->a->>b`).

export interface JsonStep {
  arrow: '->' | '->>'
  key: string
}

/** A column reference as written in the query; resolved against the table's columns later. */
export interface Field {
  name: string
  path: JsonStep[]
}

/** Thrown by the parsers; the caller wraps it into a PGRST100 naming the parameter. */
export class QuerySyntaxError extends Error {}

const IDENT_CHAR = /[\p{L}\p{N}_$ ]/u

export class Cursor {
  i = 0
  constructor(readonly s: string) {}

  get done(): boolean {
    return this.i >= this.s.length
  }
  peek(n = 1): string {
    return this.s.slice(this.i, this.i + n)
  }
  eat(token: string): boolean {
    if (!this.s.startsWith(token, this.i)) return false
    this.i += token.length
    return true
  }
  expect(token: string): void {
    if (!this.eat(token)) throw this.fail(`expected "${token}"`)
  }
  rest(): string {
    const r = this.s.slice(this.i)
    this.i = this.s.length
    return r
  }
  fail(what: string): QuerySyntaxError {
    const at = this.done ? 'end of input' : `"${this.s[this.i]}" at position ${this.i + 1}`
    return new QuerySyntaxError(`unexpected ${at}, ${what}`)
  }
}

/** `"quoted \"name\""` with backslash escapes, as PostgREST's pQuotedValue. */
export function readQuoted(c: Cursor): string {
  c.expect('"')
  let out = ''
  for (;;) {
    if (c.done) throw c.fail('unterminated quoted value')
    const ch = c.s[c.i++]!
    if (ch === '"') return out
    if (ch === '\\' && !c.done) out += c.s[c.i++]!
    else out += ch
  }
}

/** An identifier: quoted, or letters, digits, `_`, `$`, and `-` when it does not start an arrow. */
export function readName(c: Cursor): string {
  if (c.peek() === '"') return readQuoted(c)
  let out = ''
  while (!c.done) {
    const ch = c.s[c.i]!
    if (IDENT_CHAR.test(ch) || (ch === '-' && c.s[c.i + 1] !== '>')) {
      out += ch
      c.i++
    } else break
  }
  out = out.trim()
  if (!out) throw c.fail('expected a column name')
  return out
}

export function readField(c: Cursor): Field {
  const name = readName(c)
  const path: JsonStep[] = []
  for (;;) {
    const arrow = c.eat('->>') ? '->>' : c.eat('->') ? '->' : null
    if (!arrow) break
    path.push({ arrow, key: readName(c) })
  }
  return { name, path }
}

/** Splits on commas that are outside double quotes, parentheses and braces. */
export function splitTopLevel(s: string): string[] {
  const parts: string[] = []
  let depth = 0
  let quoted = false
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (quoted) {
      if (ch === '\\') i++
      else if (ch === '"') quoted = false
    } else if (ch === '"') quoted = true
    else if (ch === '(' || ch === '{') depth++
    else if (ch === ')' || ch === '}') depth--
    else if (ch === ',' && depth === 0) {
      parts.push(s.slice(start, i))
      start = i + 1
    }
  }
  parts.push(s.slice(start))
  return parts
}

/** The key PostgREST gives a selected field in the JSON output: the last JSON key, else the column. */
export function fieldLabel(f: Field): string {
  return f.path.length > 0 ? f.path[f.path.length - 1]!.key : f.name
}

export function fieldText(f: Field): string {
  return f.name + f.path.map((s) => s.arrow + s.key).join('')
}
