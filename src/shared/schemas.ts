// Runtime validation of every payload that crosses a process boundary into main. Each parser takes
// `unknown` and returns the typed value or one specific message saying what is wrong.
import type { AlertActionKind, AlertActionRequest, InvokeKey, InvokeMap } from './contract'

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

export const REQUEST_PARSERS: { [K in InvokeKey]: Parser<InvokeMap[K]['request']> } = {
  'app:info': none,
  'session:get': none,
  'health:get': none,
  'alert:act': alertAction,
  'diagnostics:get': none,
}
