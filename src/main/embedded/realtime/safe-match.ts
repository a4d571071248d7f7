// A pattern matcher that cannot freeze the event loop. `match`/`imatch`/`like`/`ilike` filters run on every
// change, in the server's only thread, against patterns chosen by any subscriber; a backtracking engine
// (JavaScript's RegExp) takes exponential time on patterns like `^(a+)+$`. This one compiles the pattern to
// a Thompson NFA and simulates every state at once (Pike's VM without captures): time is linear in the text
// times the program size, both bounded, and every evaluation has a step budget on top.

/** One compiled instruction. `pred` tests one code point. */
export type Inst =
  | { op: 'char'; pred: (c: string) => boolean }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'bol' }
  | { op: 'eol' }
  | { op: 'match' }

/** Pattern syntax tree shared by the POSIX (regex-syntax.ts) and LIKE front ends. */
export type Node =
  | { t: 'char'; pred: (c: string) => boolean }
  | { t: 'bol' }
  | { t: 'eol' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number }

/** Program size past which a pattern is refused (after `{m,n}` is expanded). */
export const MAX_PROGRAM = 1_000
/** Work units (state visits) one evaluation may spend before it gives up and the filter fails closed. */
export const STEP_BUDGET = 200_000

export class PatternError extends Error {}

export interface Matcher {
  /** true/false, or false when the step budget ran out (fail closed: the row is not delivered). */
  test(text: string): boolean
  /** How many evaluations ran out of budget (for logs and tests). */
  readonly exhausted: number
}

export function compileNode(root: Node, budget = STEP_BUDGET): Matcher {
  const prog: Inst[] = []
  emit(root, prog)
  prog.push({ op: 'match' })
  let exhausted = 0
  return {
    test(text: string): boolean {
      const r = run(prog, text, budget)
      if (r === null) exhausted++
      return r === true
    },
    get exhausted() {
      return exhausted
    },
  }
}

function grow(prog: Inst[], inst: Inst): number {
  if (prog.length >= MAX_PROGRAM) throw new PatternError('regular expression is too complex')
  prog.push(inst)
  return prog.length - 1
}

function emit(node: Node, prog: Inst[]): void {
  switch (node.t) {
    case 'char':
      grow(prog, { op: 'char', pred: node.pred })
      return
    case 'bol':
    case 'eol':
      grow(prog, { op: node.t })
      return
    case 'cat':
      for (const item of node.items) emit(item, prog)
      return
    case 'alt':
      return emitAlt(node.items, prog)
    case 'rep':
      return emitRep(node, prog)
  }
}

function emitAlt(items: Node[], prog: Inst[]): void {
  const jumps: number[] = []
  for (let i = 0; i < items.length - 1; i++) {
    const split = grow(prog, { op: 'split', x: 0, y: 0 })
    ;(prog[split] as { x: number }).x = prog.length
    emit(items[i]!, prog)
    jumps.push(grow(prog, { op: 'jmp', x: 0 }))
    ;(prog[split] as { y: number }).y = prog.length
  }
  if (items.length > 0) emit(items[items.length - 1]!, prog)
  for (const j of jumps) (prog[j] as { x: number }).x = prog.length
}

function emitRep(node: { node: Node; min: number; max: number }, prog: Inst[]): void {
  for (let i = 0; i < node.min; i++) emit(node.node, prog)
  if (node.max === Infinity) {
    const split = grow(prog, { op: 'split', x: 0, y: 0 })
    ;(prog[split] as { x: number }).x = prog.length
    emit(node.node, prog)
    grow(prog, { op: 'jmp', x: split })
    ;(prog[split] as { y: number }).y = prog.length
    return
  }
  // Optional copies nest (x(x(x)?)?)? so each copy is tried only after the previous one matched.
  const splits: number[] = []
  for (let i = node.min; i < node.max; i++) {
    const split = grow(prog, { op: 'split', x: 0, y: 0 })
    ;(prog[split] as { x: number }).x = prog.length
    splits.push(split)
    emit(node.node, prog)
  }
  for (const s of splits) (prog[s] as { y: number }).y = prog.length
}

/** Unanchored search: a thread starts at every position. null when the budget ran out. */
function run(prog: Inst[], text: string, budget: number): boolean | null {
  // Positions are UTF-16 offsets, stepped by whole code points: no copy of the text is made.
  const end = text.length
  const seen = new Int32Array(prog.length).fill(-1)
  let current: number[] = []
  let steps = 0
  const stack: number[] = []
  // Follows split/jmp/assertions from pc at position pos; returns true when it reaches `match`.
  const add = (list: number[], start: number, pos: number): boolean => {
    stack.push(start)
    while (stack.length > 0) {
      const pc = stack.pop()!
      if (seen[pc] === pos) continue
      seen[pc] = pos
      steps++
      const inst = prog[pc]!
      if (inst.op === 'match') return true
      if (inst.op === 'jmp') stack.push(inst.x)
      else if (inst.op === 'split') stack.push(inst.y, inst.x)
      else if (inst.op === 'bol') {
        if (pos === 0) stack.push(pc + 1)
      } else if (inst.op === 'eol') {
        if (pos === end) stack.push(pc + 1)
      } else list.push(pc)
    }
    return false
  }
  for (let pos = 0; pos <= end;) {
    if (add(current, 0, pos)) return true
    if (steps > budget) return null
    if (pos === end) break
    const c = String.fromCodePoint(text.codePointAt(pos)!)
    const after = pos + c.length
    const next: number[] = []
    for (const pc of current) {
      const inst = prog[pc] as { pred: (c: string) => boolean }
      if (inst.pred(c) && add(next, pc + 1, after)) return true
    }
    current = next
    pos = after
  }
  return false
}

/** One-character predicate, case-folded when asked. */
export function charPred(test: (c: string) => boolean, insensitive: boolean): (c: string) => boolean {
  if (!insensitive) return test
  return (c) => test(c) || test(c.toLowerCase()) || test(c.toUpperCase())
}

export const literal = (ch: string, insensitive: boolean): Node => ({
  t: 'char',
  pred: insensitive
    ? (
        (lower) => (c: string) =>
          c.toLowerCase() === lower
      )(ch.toLowerCase())
    : (c: string) => c === ch,
})

export const ANY: Node = { t: 'char', pred: () => true }

/** LIKE pattern → matcher: `%` any run, `_` one character, `\x` a literal x, anchored at both ends. */
export function likeMatcher(pattern: string, insensitive: boolean, budget = STEP_BUDGET): Matcher {
  const items: Node[] = [{ t: 'bol' }]
  const chars = Array.from(pattern)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (c === '\\' && i + 1 < chars.length) items.push(literal(chars[++i]!, insensitive))
    else if (c === '%') items.push({ t: 'rep', node: ANY, min: 0, max: Infinity })
    else if (c === '_') items.push(ANY)
    else items.push(literal(c, insensitive))
  }
  items.push({ t: 'eol' })
  return compileNode({ t: 'cat', items }, budget)
}
