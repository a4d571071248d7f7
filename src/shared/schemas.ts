// Runtime validation of every payload that crosses a process boundary into main, as valibot schemas from
// which the request types are inferred (src/shared/contract.ts maps each call to its schema). Each failure
// is one specific message saying what is wrong.
import * as v from 'valibot'
import { checkAnonKey, checkProjectUrl } from './keys'

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

const MAX_COMMENT = 2000
const MAX_EMAIL = 320
const MAX_PASSWORD = 1024
export const ALERT_ACTIONS = ['ack', 'snooze', 'resolve', 'note', 'reopen'] as const

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x)

/**
 * A strict object: not an object (an array included) is refused as such, an unknown field by its name, a
 * missing one with its field's own message (`missing`), else as missing.
 */
function strict<E extends v.ObjectEntries>(what: string, entries: E, missing: Record<string, string> = {}) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, `${what}: expected an object`),
    v.strictObject(entries, (issue) => {
      const key = String(issue.path?.[0]?.key)
      if (issue.expected === 'never') return `${what}: unexpected field ${key}`
      return missing[key] ?? `${what}: ${key} is missing`
    }),
  )
}

const uuid = (what: string) => v.pipe(v.string(what), v.uuid(what))

/** No payload at all (undefined or null). */
export const NoPayload = v.optional(v.nullable(v.undefined('expected no payload')))

export const AlertActionSchema = v.pipe(
  strict(
    'alert action',
    {
      alertId: uuid('alert action: alertId must be a UUID'),
      kind: v.picklist(ALERT_ACTIONS, `alert action: kind must be one of ${ALERT_ACTIONS.join(', ')}`),
      comment: v.optional(
        v.pipe(
          v.string(`alert action: comment must be text of at most ${MAX_COMMENT} characters`),
          v.maxLength(MAX_COMMENT, `alert action: comment must be text of at most ${MAX_COMMENT} characters`),
        ),
      ),
      snoozeUntil: v.optional(v.string('alert action: snooze needs snoozeUntil, an ISO date-time')),
      clientEventId: uuid('alert action: clientEventId must be a UUID'),
    },
    {
      alertId: 'alert action: alertId must be a UUID',
      kind: `alert action: kind must be one of ${ALERT_ACTIONS.join(', ')}`,
      clientEventId: 'alert action: clientEventId must be a UUID',
    },
  ),
  v.check(
    (a) => a.kind !== 'snooze' || (a.snoozeUntil !== undefined && !Number.isNaN(Date.parse(a.snoozeUntil))),
    'alert action: snooze needs snoozeUntil, an ISO date-time',
  ),
  v.check(
    (a) => a.kind === 'snooze' || a.snoozeUntil === undefined,
    'alert action: snoozeUntil is only for snooze',
  ),
)

/** A project URL and anon key; a service_role key is refused here, before main ever holds it. */
export const ConnectSchema = v.pipe(
  strict('connect', { url: v.unknown(), anonKey: v.unknown() }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const url = checkProjectUrl(dataset.value.url)
    if (!url.ok) return (addIssue({ message: url.error }), NEVER)
    const key = checkAnonKey(dataset.value.anonKey)
    if (!key.ok) return (addIssue({ message: key.error }), NEVER)
    return { url: url.url, anonKey: String(dataset.value.anonKey).trim() }
  }),
)

export const SignInSchema = strict(
  'sign in',
  {
    email: v.pipe(
      v.string('sign in: email must be an email address'),
      v.trim(),
      v.maxLength(MAX_EMAIL, 'sign in: email must be an email address'),
      v.regex(/^[^\s@]+@[^\s@]+$/, 'sign in: email must be an email address'),
    ),
    password: v.pipe(
      v.string('sign in: password must not be empty'),
      v.minLength(1, 'sign in: password must not be empty'),
      v.maxLength(MAX_PASSWORD, 'sign in: password is too long'),
    ),
  },
  { email: 'sign in: email must be an email address', password: 'sign in: password must not be empty' },
)

export const SwitchOrgSchema = strict(
  'switch org',
  { orgId: uuid('switch org: orgId must be a UUID') },
  { orgId: 'switch org: orgId must be a UUID' },
)

/** Parses `payload` with `schema`: the typed value, or the first problem in words. */
export function parseWith<S extends v.GenericSchema>(schema: S, payload: unknown): Parsed<v.InferOutput<S>> {
  const r = v.safeParse(schema, payload, { abortEarly: true })
  return r.success ? { ok: true, value: r.output } : { ok: false, error: r.issues[0].message }
}

const SEVERITIES = ['info', 'warning', 'critical'] as const
const wholeBetween = (what: string, min: number, max: number) =>
  v.pipe(
    v.number(`rule update: ${what} must be a whole number from ${min} to ${max}`),
    v.integer(`rule update: ${what} must be a whole number from ${min} to ${max}`),
    v.minValue(min, `rule update: ${what} must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `rule update: ${what} must be a whole number from ${min} to ${max}`),
  )

/** An admin's change to one alert rule (Settings → Alert rules); only the fields given change. */
export const RuleUpdateSchema = v.pipe(
  strict(
    'rule update',
    {
      ruleId: uuid('rule update: ruleId must be a UUID'),
      threshold: v.optional(
        v.pipe(
          v.number('rule update: threshold must be a number, 0 or more'),
          v.finite('rule update: threshold must be a number, 0 or more'),
          v.minValue(0, 'rule update: threshold must be a number, 0 or more'),
        ),
      ),
      raiseAfterSeconds: v.optional(wholeBetween('raiseAfterSeconds', 0, 86400)),
      clearAfterSeconds: v.optional(wholeBetween('clearAfterSeconds', 0, 86400)),
      escalateAfterMinutes: v.optional(v.nullable(wholeBetween('escalateAfterMinutes', 1, 10080))),
      severity: v.optional(
        v.picklist(SEVERITIES, `rule update: severity must be one of ${SEVERITIES.join(', ')}`),
      ),
      enabled: v.optional(v.boolean('rule update: enabled must be true or false')),
    },
    { ruleId: 'rule update: ruleId must be a UUID' },
  ),
  v.check((r) => Object.keys(r).length > 1, 'rule update: nothing to change'),
)
