// The filter matcher for match/imatch/like/ilike: Postgres semantics on the common syntax, linear time on
// patterns that make a backtracking engine run for ages, a step budget, and clear refusals.
import { describe, expect, it } from 'vitest'
import { regexMatcher } from '../../src/main/embedded/realtime/regex-syntax'
import { likeMatcher, MAX_PROGRAM, PatternError } from '../../src/main/embedded/realtime/safe-match'

const re = (p: string, t: string, ci = false): boolean => regexMatcher(p, ci).test(t)

describe('regexMatcher', () => {
  it.each([
    ['^a', 'alpha', true],
    ['^a', 'beta', false],
    ['ph', 'alpha', true],
    ['a$', 'alpha', true],
    ['^(ab|cd)+$', 'abcdab', true],
    ['^(ab|cd)+$', 'abc', false],
    ['^a{2,3}$', 'aaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{2}$', 'aa', true],
    ['^[a-c]+x?$', 'abcx', true],
    ['^[^a-c]+$', 'xyz', true],
    ['^[^a-c]+$', 'xaz', false],
    ['^[[:digit:]]+$', '123', true],
    ['^\\d+\\.\\d+$', '1.5', true],
    ['^\\w+\\s\\S$', 'ab c', true],
    ['x.y', 'x\ny', true],
    ['^(?:a|b)*?c$', 'ababc', true],
    ['^\\(x\\)$', '(x)', true],
    ['^é.$', 'éa', true],
    ['', 'anything', true],
  ])('%s on %j is %s', (pattern, text, want) => {
    expect(re(pattern, text)).toBe(want)
  })

  it('imatch folds case in literals and brackets', () => {
    expect(re('^b[E]ta$', 'BETA', true)).toBe(true)
    expect(re('^b[E]ta$', 'BETA', false)).toBe(false)
  })

  it('answers patterns that take a backtracking engine exponential time, at once', () => {
    const text = `${'a'.repeat(5000)}!`
    expect(re('^(a+)+$', text)).toBe(false)
    expect(re('^(a|a)*$', text)).toBe(false)
    expect(re('^(a|aa)+$', text)).toBe(false)
    expect(re('(a*)*b', text)).toBe(false)
    expect(re('^(a+)+!$', text)).toBe(true)
  })

  it('refuses what a linear-time matcher cannot run, with the reason', () => {
    expect(() => regexMatcher('(a)\\1', false)).toThrow(
      /back references are not supported by the embedded server/,
    )
    expect(() => regexMatcher('a(?=b)', false)).toThrow(/lookaround constraints/)
    expect(() => regexMatcher('***=a', false)).toThrow(PatternError)
    expect(() => regexMatcher('\\ma', false)).toThrow(/escapes like \\m are not supported/)
    expect(() => regexMatcher('a{256}', false)).toThrow(/invalid repetition count/)
  })

  it('refuses programs past the size bound as too complex', () => {
    expect(() => regexMatcher('(a{255}){4}', false)).toThrow(/too complex/)
    expect(regexMatcher('^(a{255}){3}$', false).test('a'.repeat(765))).toBe(true)
    expect(MAX_PROGRAM).toBeLessThan(255 * 255)
  })

  it('gives up past its step budget and fails closed, counting it', () => {
    const m = regexMatcher('^(a|b|c|d)*(a|b|c|d)*(a|b|c|d)*z$', false, 1_000)
    expect(m.test('abcd'.repeat(500))).toBe(false)
    expect(m.exhausted).toBe(1)
    expect(m.test('abz')).toBe(true)
    expect(m.exhausted).toBe(1)
  })
})

describe('likeMatcher', () => {
  it.each([
    ['a%', 'alpha', true],
    ['a_pha', 'alpha', true],
    ['a_pha', 'alpa', false],
    ['%ph%', 'alpha', true],
    ['ph', 'alpha', false],
    ['100\\%', '100%', true],
    ['100\\%', '1000', false],
  ])('%s on %j is %s', (pattern, text, want) => {
    expect(likeMatcher(pattern, false).test(text)).toBe(want)
  })

  it('ilike folds case', () => {
    expect(likeMatcher('b%', true).test('Beta')).toBe(true)
    expect(likeMatcher('b%', false).test('Beta')).toBe(false)
  })

  it('answers many-wildcard patterns on long text at once', () => {
    const pattern = `${'%a'.repeat(20)}%b`
    expect(likeMatcher(pattern, false).test('a'.repeat(20_000))).toBe(false)
  })
})
