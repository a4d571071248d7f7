// Hand-written runtime checks for rows that arrive from the wire. No dependency on purpose: the rules are
// few, the messages must name the exact column and value, and a malformed row is rejected, never coerced.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string }
export type Check<T> = (value: unknown) => Result<T>

/** One check per property of T, every property required: the compiler keeps types and parsers in step. */
export type Shape<T> = { [K in keyof T]-?: Check<T[K]> }

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (error: string): { ok: false; error: string } => ({ ok: false, error })

/** A short, safe description of a bad value for error messages (never the whole payload). */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

export const text: Check<string> = (v) =>
  typeof v === 'string' ? ok(v) : fail(`expected text, got ${describe(v)}`)

export function textMax(max: number): Check<string> {
  return (v) => {
    if (typeof v !== 'string') return fail(`expected text, got ${describe(v)}`)
    return v.length <= max ? ok(v) : fail(`expected at most ${max} characters, got ${v.length}`)
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const uuid: Check<string> = (v) =>
  typeof v === 'string' && UUID.test(v) ? ok(v) : fail(`expected a uuid, got ${describe(v)}`)

// timestamptz as Postgres' to_jsonb writes it ("2026-11-21T10:00:00.123456+00:00") or as Realtime's
// commit_timestamp ("…Z"). A zone is required: a zoneless time would be read in the console's zone.
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/
export const timestamp: Check<string> = (v) => {
  if (typeof v !== 'string' || !TIMESTAMPTZ.test(v) || !Number.isFinite(Date.parse(v))) {
    return fail(`expected a timestamp with time zone, got ${describe(v)}`)
  }
  return ok(v)
}

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$/
export const timeOfDay: Check<string> = (v) =>
  typeof v === 'string' && TIME_OF_DAY.test(v)
    ? ok(v)
    : fail(`expected a time of day (HH:MM:SS), got ${describe(v)}`)

export function integer(bounds: { min?: number; max?: number } = {}): Check<number> {
  return (v) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v))
      return fail(`expected an integer, got ${describe(v)}`)
    return inBounds(v, bounds)
  }
}

export function numeric(bounds: { min?: number; max?: number } = {}): Check<number> {
  return (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(`expected a number, got ${describe(v)}`)
    return inBounds(v, bounds)
  }
}

function inBounds(v: number, { min, max }: { min?: number; max?: number }): Result<number> {
  if (min !== undefined && v < min) return fail(`expected at least ${min}, got ${v}`)
  if (max !== undefined && v > max) return fail(`expected at most ${max}, got ${v}`)
  return ok(v)
}

export const boolean: Check<boolean> = (v) =>
  typeof v === 'boolean' ? ok(v) : fail(`expected true or false, got ${describe(v)}`)

/** jsonb: anything JSON can hold. The payload came from JSON.parse, so only `undefined` is impossible. */
export const json: Check<JsonValue> = (v) =>
  v !== undefined && typeof v !== 'function' ? ok(v as JsonValue) : fail(`expected JSON, got ${describe(v)}`)

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (v) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? ok(v as T[number])
      : fail(`expected one of ${values.join('|')}, got ${describe(v)}`)
}

/** An ISO 4217 currency code as the schema allows it: three capital letters. */
export const currencyCode: Check<string> = (v) =>
  typeof v === 'string' && /^[A-Z]{3}$/.test(v)
    ? ok(v)
    : fail(`expected a currency code (3 capital letters), got ${describe(v)}`)

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v) => (v === null ? ok(null) : check(v))
}

const zoneCache = new Map<string, boolean>()
/** An IANA time zone the runtime knows; cached because Intl construction is comparatively slow. */
export const timeZone: Check<string> = (v) => {
  if (typeof v !== 'string' || v === '') return fail(`expected an IANA time zone, got ${describe(v)}`)
  let known = zoneCache.get(v)
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v })
      known = true
    } catch {
      known = false
    }
    zoneCache.set(v, known)
  }
  return known ? ok(v) : fail(`expected an IANA time zone, got ${describe(v)}`)
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A parser for one row type. Every column of the shape must be present and valid; columns the shape
 * does not know are dropped, so that a column added by a later migration does not blank older consoles.
 */
/**
 * A column added by a later migration: a row from a database (or a cache) that predates it reads as
 * `fallback`; when present it must pass `check`.
 */
export function added<T>(check: Check<T>, fallback: T): Check<T> {
  return Object.assign((v: unknown) => check(v), { fallback })
}

export function rowParser<T>(name: string, shape: Shape<T>): (raw: unknown) => Result<T> {
  const keys = Object.keys(shape) as (keyof T & string)[]
  return (raw) => {
    if (!isPlainObject(raw)) return fail(`${name}: expected a row object, got ${describe(raw)}`)
    const where = typeof raw.id === 'string' ? `${name} ${raw.id}` : name
    const out = {} as T
    for (const key of keys) {
      if (!(key in raw)) {
        const fallback = (shape[key] as { fallback?: T[typeof key] }).fallback
        if (fallback === undefined) return fail(`${where}: column ${key} is missing`)
        out[key] = fallback
        continue
      }
      const result = shape[key](raw[key])
      if (!result.ok) return fail(`${where}: ${key}: ${result.error}`)
      out[key] = result.value
    }
    return ok(out)
  }
}
