// Postgres advanced regular expressions (the `~` / `~*` the real server applies for match/imatch), parsed
// into safe-match.ts's syntax tree. The pattern has already been accepted by Postgres (subscriptions.ts), so
// this parser only meets valid syntax; what it refuses are the constructs a linear-time matcher cannot run
// (back references, lookaround) and the few it does not model, each with a clear message.
import { ANY, charPred, compileNode, literal, PatternError, STEP_BUDGET } from './safe-match'
import type { Matcher, Node } from './safe-match'

/** Longest pattern accepted (checked before any parsing, ours or Postgres'). */
export const MAX_PATTERN_CHARS = 10_000

/** Postgres' own repetition bound (DUPMAX): `{m,n}` counts above it are invalid there too. */
const DUPMAX = 255

const CLASSES: Record<string, (c: string) => boolean> = {
  alpha: (c) => /\p{L}/u.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /[\p{L}\p{N}]/u.test(c),
  upper: (c) => /\p{Lu}/u.test(c),
  lower: (c) => /\p{Ll}/u.test(c),
  space: (c) => /\s/u.test(c),
  punct: (c) => /\p{P}/u.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  word: (c) => /[\p{L}\p{N}_]/u.test(c),
  blank: (c) => c === ' ' || c === '\t',
  cntrl: (c) => /\p{Cc}/u.test(c),
  print: (c) => !/\p{C}/u.test(c),
  graph: (c) => !/[\p{C}\s]/u.test(c),
}

const SHORTHAND: Record<string, (c: string) => boolean> = {
  d: CLASSES.digit!,
  w: CLASSES.word!,
  s: CLASSES.space!,
}
const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', e: '\x1b' }

const unsupported = (what: string): PatternError =>
  new PatternError(`${what} are not supported by the embedded server`)

/** Compiles a Postgres ARE for `~` (or `~*` when insensitive); throws PatternError when refused. */
export function regexMatcher(pattern: string, insensitive: boolean, budget = STEP_BUDGET): Matcher {
  if (pattern.length > MAX_PATTERN_CHARS) {
    throw unsupported(`patterns longer than ${MAX_PATTERN_CHARS} characters`)
  }
  if (pattern.startsWith('***')) throw unsupported('director prefixes (***)')
  const p = new Parser(Array.from(pattern), insensitive)
  const node = p.alternation()
  if (p.pos < p.src.length) throw new PatternError('parentheses () not balanced')
  return compileNode(node, budget)
}

class Parser {
  pos = 0
  constructor(
    readonly src: string[],
    private readonly ci: boolean,
  ) {}

  private peek(): string | undefined {
    return this.src[this.pos]
  }

  alternation(): Node {
    const items = [this.sequence()]
    while (this.peek() === '|') {
      this.pos++
      items.push(this.sequence())
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items }
  }

  private sequence(): Node {
    const items: Node[] = []
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()))
    }
    return { t: 'cat', items }
  }

  private quantified(atom: Node): Node {
    let node = atom
    for (;;) {
      const c = this.peek()
      let min: number, max: number
      if (c === '*') [min, max] = [0, Infinity]
      else if (c === '+') [min, max] = [1, Infinity]
      else if (c === '?') [min, max] = [0, 1]
      else if (c === '{') [min, max] = this.bounds()
      else return node
      if (c !== '{') this.pos++
      if (this.peek() === '?') this.pos++ // non-greedy: the same yes/no answer
      node = { t: 'rep', node, min, max }
    }
  }

  private bounds(): [number, number] {
    const close = this.src.indexOf('}', this.pos)
    const body = close < 0 ? '' : this.src.slice(this.pos + 1, close).join('')
    const m = /^(\d+)(,(\d*))?$/.exec(body)
    if (!m) throw new PatternError('invalid repetition count(s)')
    const min = Number(m[1])
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])
    if (min > DUPMAX || (max !== Infinity && (max > DUPMAX || max < min)))
      throw new PatternError('invalid repetition count(s)')
    this.pos = close + 1
    return [min, max]
  }

  private atom(): Node {
    const c = this.src[this.pos++]!
    if (c === '(') return this.group()
    if (c === '.') return ANY
    if (c === '^') return { t: 'bol' }
    if (c === '$') return { t: 'eol' }
    if (c === '[') return this.bracket()
    if (c === '\\') return this.escape()
    return literal(c, this.ci)
  }

  private group(): Node {
    if (this.peek() === '?') {
      if (this.src[this.pos + 1] !== ':') throw unsupported('lookaround constraints and embedded options')
      this.pos += 2
    }
    const inner = this.alternation()
    if (this.src[this.pos++] !== ')') throw new PatternError('parentheses () not balanced')
    return inner
  }

  private escape(): Node {
    const c = this.src[this.pos++]
    if (c === undefined) throw new PatternError('invalid escape \\ sequence')
    if (/[1-9]/.test(c)) throw unsupported('back references')
    if (c === 'A') return { t: 'bol' }
    if (c === 'Z') return { t: 'eol' }
    const short = SHORTHAND[c.toLowerCase()]
    if (short) return { t: 'char', pred: c === c.toLowerCase() ? short : (x) => !short(x) }
    if (CONTROL[c]) return literal(CONTROL[c], this.ci)
    if (/[0-9A-Za-z]/.test(c)) throw unsupported(`escapes like \\${c}`)
    return literal(c, this.ci)
  }

  /** `[...]`: members, ranges, `[:class:]`, ARE escapes; `]` first is a member. */
  private bracket(): Node {
    const negate = this.peek() === '^'
    if (negate) this.pos++
    const tests: ((c: string) => boolean)[] = []
    let first = true
    for (;;) {
      const c = this.src[this.pos++]
      if (c === undefined) throw new PatternError('brackets [] not balanced')
      if (c === ']' && !first) break
      first = false
      if (c === '[' && (this.peek() === '.' || this.peek() === '='))
        throw unsupported('collating elements and equivalence classes')
      if (c === '[' && this.peek() === ':') {
        tests.push(this.namedClass())
        continue
      }
      const lo = c === '\\' ? this.bracketEscape(tests) : c
      if (lo === null) continue
      if (this.peek() === '-' && this.src[this.pos + 1] !== undefined && this.src[this.pos + 1] !== ']') {
        this.pos++
        const hi = this.src[this.pos++]!
        tests.push((x) => x >= lo && x <= hi)
      } else tests.push((x) => x === lo)
    }
    const member = charPred((x) => tests.some((t) => t(x)), this.ci)
    return { t: 'char', pred: negate ? (x) => !member(x) : member }
  }

  /** `\d`-style classes are pushed as tests (null); others give the literal character. */
  private bracketEscape(tests: ((c: string) => boolean)[]): string | null {
    const c = this.src[this.pos++]
    if (c === undefined) throw new PatternError('brackets [] not balanced')
    const short = SHORTHAND[c.toLowerCase()]
    if (short) {
      tests.push(c === c.toLowerCase() ? short : (x) => !short(x))
      return null
    }
    if (CONTROL[c]) return CONTROL[c]
    if (/[0-9A-Za-z]/.test(c)) throw unsupported(`escapes like \\${c}`)
    return c
  }

  private namedClass(): (c: string) => boolean {
    const close = this.src.indexOf(':', this.pos + 1)
    const name = this.src.slice(this.pos + 1, close).join('')
    const test = CLASSES[name]
    if (close < 0 || this.src[close + 1] !== ']' || !test) throw new PatternError('invalid character class')
    this.pos = close + 2
    return test
  }
}
