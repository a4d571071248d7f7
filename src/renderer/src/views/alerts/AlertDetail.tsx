// One alert: what happened, the actions (hidden on read-only displays), and its history from alert_events.
import { useState } from 'react'
import type { AlertActionKind } from '../../../../shared/contract'
import type { Alert } from '../../../../shared/domain/rows'
import { useActions } from '../../actions-context'
import { Dialog } from '../../components/Dialog'
import { StatusPill } from '../../components/StatusPill'
import { clockTime, localZone, zoneLabel } from '../../lib/format'
import { useShortcuts } from '../../lib/shortcuts'
import { useFw } from '../../store/react'
import { useAlertEvents } from './alert-data'
import { PendingNote } from '../../components/PendingActions'

type CommentKind = Extract<AlertActionKind, 'resolve' | 'note'>
export type AlertDialog = CommentKind | null

const SNOOZE_OPTIONS = [15, 30, 60, 240]

function CommentDialog({
  kind,
  onSubmit,
  onClose,
}: {
  kind: CommentKind
  onSubmit: (c: string) => void
  onClose: () => void
}) {
  const [comment, setComment] = useState('')
  const title = kind === 'resolve' ? 'Resolve alert' : 'Add a note'
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          onSubmit(comment)
        }}
      >
        <label className="field">
          Comment{kind === 'resolve' ? ' (what was done)' : ''}
          <textarea
            value={comment}
            maxLength={2000}
            rows={4}
            onChange={(e) => setComment(e.target.value)}
            // Enter sends, as in a chat box; Shift+Enter starts a new line.
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing) return
              e.preventDefault()
              e.currentTarget.form?.requestSubmit()
            }}
            required={kind === 'note'}
          />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {kind === 'resolve' ? 'Resolve' : 'Add note'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

export function AlertDetail({
  alert,
  dialog,
  setDialog,
}: {
  alert: Alert
  dialog: AlertDialog
  setDialog: (d: AlertDialog) => void
}) {
  const actions = useActions()
  const readOnly = useFw((s) => s.ui.info?.readOnly ?? true)
  const markUnread = useFw((s) => s.markUnread)
  const events = useAlertEvents(alert.id)
  const [snooze, setSnooze] = useState(15)
  const zone = localZone()
  const act = (kind: AlertActionKind, comment?: string) =>
    void actions.alert({
      alertId: alert.id,
      kind,
      ...(comment !== undefined ? { comment } : {}),
      ...(kind === 'snooze' ? { snoozeMinutes: snooze } : {}),
    })
  const open = alert.status !== 'resolved'
  useShortcuts(
    {
      'alerts:ack': alert.status === 'open' ? () => act('ack') : undefined,
      'alerts:snooze': open ? () => act('snooze') : undefined,
      'alerts:resolve': open ? () => setDialog('resolve') : undefined,
      'alerts:note': () => setDialog('note'),
    },
    !readOnly,
  )
  return (
    <article className="card alert-detail" aria-labelledby="alert-detail-title">
      <header className="card-header">
        <h3 id="alert-detail-title">{alert.title}</h3>
        <StatusPill kind="severity" status={alert.severity} />
        <StatusPill kind="alert" status={alert.status} />
      </header>
      <p>{alert.body}</p>
      <PendingNote alertId={alert.id} />
      <p className="muted">
        Raised {clockTime(alert.raised_at, zone)} ({zoneLabel(zone)} time)
        {alert.snoozed_until &&
          alert.status === 'snoozed' &&
          ` · snoozed until ${clockTime(alert.snoozed_until, zone)}`}
      </p>
      {!readOnly && (
        <div className="actions" role="group" aria-label="Alert actions">
          <button
            type="button"
            className="primary"
            disabled={alert.status !== 'open'}
            onClick={() => act('ack')}
          >
            Acknowledge <kbd>a</kbd>
          </button>
          <span className="snooze">
            <button type="button" disabled={!open} onClick={() => act('snooze')}>
              Snooze <kbd>s</kbd>
            </button>
            <label className="visually-hidden" htmlFor="snooze-minutes">
              Snooze for
            </label>
            <select
              id="snooze-minutes"
              value={snooze}
              onChange={(e) => setSnooze(Number(e.target.value))}
              disabled={!open}
            >
              {SNOOZE_OPTIONS.map((m) => (
                <option key={m} value={m}>
                  {m < 60 ? `${m} min` : `${m / 60} h`}
                </option>
              ))}
            </select>
          </span>
          <button type="button" disabled={!open} onClick={() => setDialog('resolve')}>
            Resolve… <kbd>r</kbd>
          </button>
          <button type="button" onClick={() => setDialog('note')}>
            Note… <kbd>n</kbd>
          </button>
          {!open && (
            <button type="button" onClick={() => act('reopen')}>
              Reopen
            </button>
          )}
          <button type="button" onClick={() => markUnread(alert.id)}>
            Mark unread
          </button>
        </div>
      )}
      <h4>History</h4>
      {events.length === 0 ? (
        <p className="muted">No history yet.</p>
      ) : (
        <ol className="timeline" aria-label="Alert history">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{clockTime(e.at, zone)}</time> <strong>{e.kind}</strong>
              <span className="actor"> by {e.actor_name ?? 'unknown'}</span>
              {e.comment && <span> — {e.comment}</span>}
            </li>
          ))}
        </ol>
      )}
      {dialog && (
        <CommentDialog
          kind={dialog}
          onClose={() => setDialog(null)}
          onSubmit={(c) => {
            setDialog(null)
            act(dialog, c)
          }}
        />
      )}
    </article>
  )
}
