// Alert actions: the input is checked before it leaves, and server errors become messages a supervisor
// can act on. The server function is idempotent under client_event_id, so a retry never acts twice.
import { timestamp, uuid } from '../../shared/domain/validate'
import type { Result } from '../../shared/contract'
import type { AlertActionInput } from './console-types'

type Failure = Extract<Result<never>, { ok: false }>

const KINDS = new Set(['ack', 'snooze', 'resolve', 'note', 'reopen'])

const fail = (code: string, message: string): Failure => ({ ok: false, error: { code, message } })

/** Null when the input may be sent; otherwise the reason it may not. */
export function checkAlertAction(input: unknown): Failure | null {
  const i = (input ?? {}) as Partial<Record<keyof AlertActionInput, unknown>>
  if (!uuid(i.alertId).ok) return fail('invalid', 'The alert id is not valid.')
  if (typeof i.kind !== 'string' || !KINDS.has(i.kind)) return fail('invalid', 'Unknown alert action.')
  if (!uuid(i.clientEventId).ok) return fail('invalid', 'The action needs a client event id (a uuid).')
  if (i.comment !== undefined && (typeof i.comment !== 'string' || i.comment.length > 2000)) {
    return fail('invalid', 'A note may be at most 2000 characters.')
  }
  if (i.kind === 'snooze' && !timestamp(i.snoozeUntil).ok) {
    return fail('invalid', 'Snoozing needs a time to snooze until.')
  }
  if (i.snoozeUntil !== undefined && !timestamp(i.snoozeUntil).ok) return fail('invalid', 'Bad snooze time.')
  return null
}

/** Maps a PostgREST / network error of the alert_action call to a clear result. */
export function alertActionError(err: { code?: string; message?: string; status?: number }): Failure {
  const code = err.code ?? ''
  const message = err.message ?? ''
  switch (code) {
    case 'P0002':
    case 'PT404':
      return fail('not_found', 'This alert no longer exists, or belongs to another organisation.')
    case '42501':
      return fail('forbidden', 'Only supervisors and admins may act on alerts.')
    case '22023':
      return fail('invalid', message.includes('snooze') ? 'Snooze until a time in the future.' : message)
    case '22001':
      return fail('invalid', 'A note may be at most 2000 characters.')
    case 'PGRST301':
    case 'PGRST303':
      return fail('unauthenticated', 'Your session has expired. Sign in again.')
  }
  if (code === 'network' || /fetch failed|network|ECONNREFUSED/i.test(message)) {
    return fail('offline', 'The server cannot be reached; the action was not sent.')
  }
  if (err.status === 401) return fail('unauthenticated', 'Your session has expired. Sign in again.')
  if (err.status === 403) return fail('forbidden', 'You may not act on this alert.')
  if (err.status === 404)
    return fail('not_found', 'This alert no longer exists, or belongs to another organisation.')
  return fail('failed', message || 'The action failed.')
}

/** Maps an error of an alert rule change to a clear result. */
export function ruleUpdateError(err: unknown): Failure {
  const e = (err as { detail?: { code?: string; message?: string; status?: number } }).detail ?? {}
  const message = e.message ?? (err instanceof Error ? err.message : String(err))
  switch (e.code) {
    case '42501':
      return fail('forbidden', 'Only admins may change alert rules.')
    case 'PT404':
      return fail('not_found', message)
    case '23514':
      return fail('invalid', 'That value is out of the range this rule allows.')
  }
  return alertActionError({ ...e, message })
}
