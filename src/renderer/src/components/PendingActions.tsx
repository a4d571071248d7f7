// Alert actions stored on this machine and not yet applied by the server (made offline, or while a request
// failed). They are sent in order when the connection is back; until then the alert says so.
import type { PendingAction } from '../../../shared/contract'
import { useFw } from '../store/react'

const NAMES: Record<PendingAction['kind'], string> = {
  ack: 'acknowledgement',
  snooze: 'snooze',
  resolve: 'resolution',
  note: 'note',
  reopen: 'reopening',
}

const EMPTY: readonly PendingAction[] = []

export function usePending(alertId: string): readonly PendingAction[] {
  const outbox = useFw((s) => s.connection.outbox)
  const mine = outbox.filter((p) => p.alertId === alertId)
  return mine.length ? mine : EMPTY
}

/** A small badge for an alert in the feed. */
export function PendingBadge({ alertId }: { alertId: string }) {
  const pending = usePending(alertId)
  if (pending.length === 0) return null
  const sending = pending.some((p) => p.state === 'sending')
  return (
    <span className="pill pill-pending" title="Saved on this machine; sent when the connection is back">
      {sending ? 'Sending…' : `Pending (${pending.length})`}
    </span>
  )
}

/** What is waiting for one alert, in words, in its detail. */
export function PendingNote({ alertId }: { alertId: string }) {
  const pending = usePending(alertId)
  if (pending.length === 0) return null
  const names = pending.map((p) => NAMES[p.kind]).join(', then ')
  return (
    <p className="pending-note" role="status">
      Pending: your {names} {pending.length > 1 ? 'are' : 'is'} saved on this machine and will be sent when
      the connection is back.
    </p>
  )
}
