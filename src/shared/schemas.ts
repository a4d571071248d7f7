// Runtime validation of every payload that crosses a process boundary into main. Each parser takes
// `unknown` and returns the typed value or one specific message saying what is wrong.
import type { AlertActionKind, AlertActionRequest, InvokeKey, InvokeMap } from './contract'
import type { ConnectRequest, SignInRequest, SwitchOrgRequest } from './contract'
import { checkAnonKey, checkProjectUrl } from './keys'

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }
export type Parser<T> = (payload: unknown) => Parsed<T>

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ACTIONS: readonly AlertActionKind[] = ['ack', 'snooze', 'resolve', 'note', 'reopen']
const MAX_COMMENT = 2000

const none: Parser<void> = (payload) =>
  payload === undefined || payload === null
    ? { ok: true, value: undefined }
    : { ok: false, error: 'expected no payload' }

const alertAction: Parser<AlertActionRequest> = (payload) => {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, error: 'alert action: expected an object' }
  }
  const p = payload as Record<string, unknown>
  const extra = Object.keys(p).filter(
    (k) => !['alertId', 'kind', 'comment', 'snoozeUntil', 'clientEventId'].includes(k),
  )
  if (extra.length) return { ok: false, error: `alert action: unexpected field ${extra.join(', ')}` }
  if (typeof p.alertId !== 'string' || !UUID.test(p.alertId))
    return { ok: false, error: 'alert action: alertId must be a UUID' }
  if (typeof p.clientEventId !== 'string' || !UUID.test(p.clientEventId)) {
    return { ok: false, error: 'alert action: clientEventId must be a UUID' }
  }
  if (!ACTIONS.includes(p.kind as AlertActionKind)) {
    return { ok: false, error: `alert action: kind must be one of ${ACTIONS.join(', ')}` }
  }
  if (p.comment !== undefined && (typeof p.comment !== 'string' || p.comment.length > MAX_COMMENT)) {
    return { ok: false, error: `alert action: comment must be text of at most ${MAX_COMMENT} characters` }
  }
  if (p.kind === 'snooze') {
    if (typeof p.snoozeUntil !== 'string' || Number.isNaN(Date.parse(p.snoozeUntil))) {
      return { ok: false, error: 'alert action: snooze needs snoozeUntil, an ISO date-time' }
    }
  } else if (p.snoozeUntil !== undefined) {
    return { ok: false, error: 'alert action: snoozeUntil is only for snooze' }
  }
  return {
    ok: true,
    value: {
      alertId: p.alertId,
      kind: p.kind as AlertActionKind,
      clientEventId: p.clientEventId,
      ...(p.comment !== undefined ? { comment: p.comment as string } : {}),
      ...(p.snoozeUntil !== undefined ? { snoozeUntil: p.snoozeUntil as string } : {}),
    },
  }
}

function record(payload: unknown, what: string, fields: readonly string[]): Parsed<Record<string, unknown>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, error: `${what}: expected an object` }
  }
  const extra = Object.keys(payload).filter((k) => !fields.includes(k))
  if (extra.length) return { ok: false, error: `${what}: unexpected field ${extra.join(', ')}` }
  return { ok: true, value: payload as Record<string, unknown> }
}

/** A project URL and anon key; a service_role key is refused here, before main ever holds it. */
const connect: Parser<ConnectRequest> = (payload) => {
  const p = record(payload, 'connect', ['url', 'anonKey'])
  if (!p.ok) return p
  const url = checkProjectUrl(p.value.url)
  if (!url.ok) return { ok: false, error: url.error }
  const key = checkAnonKey(p.value.anonKey)
  if (!key.ok) return { ok: false, error: key.error }
  return { ok: true, value: { url: url.url, anonKey: (p.value.anonKey as string).trim() } }
}

const MAX_EMAIL = 320
const MAX_PASSWORD = 1024

const signIn: Parser<SignInRequest> = (payload) => {
  const p = record(payload, 'sign in', ['email', 'password'])
  if (!p.ok) return p
  const { email, password } = p.value
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email.trim()) || email.length > MAX_EMAIL) {
    return { ok: false, error: 'sign in: email must be an email address' }
  }
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD) {
    return { ok: false, error: 'sign in: password must not be empty' }
  }
  return { ok: true, value: { email: email.trim(), password } }
}

const switchOrg: Parser<SwitchOrgRequest> = (payload) => {
  const p = record(payload, 'switch org', ['orgId'])
  if (!p.ok) return p
  if (typeof p.value.orgId !== 'string' || !UUID.test(p.value.orgId)) {
    return { ok: false, error: 'switch org: orgId must be a UUID' }
  }
  return { ok: true, value: { orgId: p.value.orgId } }
}

export const REQUEST_PARSERS: { [K in InvokeKey]: Parser<InvokeMap[K]['request']> } = {
  'app:info': none,
  'session:get': none,
  'health:get': none,
  'alert:act': alertAction,
  'diagnostics:get': none,
  'settings:get': none,
  'settings:connect': connect,
  'session:signIn': signIn,
  'session:signOut': none,
  'session:switchOrg': switchOrg,
}
