// JSON from the outside world, with a bound on nesting. V8's JSON.parse copes with any depth, but what the
// value meets next does not: JSON.stringify and Postgres's json parser recurse, so a 100,000-deep body
// turned into a 500 (or a stack overflow elsewhere). Checking the depth first, in one linear pass that
// recurses nowhere, turns it into the client error it is.

/** Deeper than any real payload, far below what JSON.stringify or Postgres can take. */
export const MAX_JSON_DEPTH = 512

export class JsonTooDeepError extends SyntaxError {
  constructor(readonly limit: number) {
    super(`JSON is nested deeper than ${limit} levels`)
    this.name = 'JsonTooDeepError'
  }
}

/** JSON.parse, refusing values nested deeper than `limit` with a JsonTooDeepError. */
export function parseJson(text: string, limit = MAX_JSON_DEPTH): unknown {
  checkDepth(text, limit)
  return JSON.parse(text) as unknown
}

function checkDepth(text: string, limit: number): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) throw new JsonTooDeepError(limit)
    } else if (c === 0x5d || c === 0x7d) {
      depth--
    }
  }
}
