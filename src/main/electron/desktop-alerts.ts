// Drives the desktop's alert side: a relay view of its own feeds the alert policy, whose notices go to
// the notifier and whose state (unread, muted) goes to the tray. Snapshots and resyncs arrive framed, and
// the policy never notifies from a frame.
import type { AlertNotice, AlertPolicy, AlertPolicyState } from '../core/alerts'
import type { FloorConsole } from '../core/console-types'

export interface DesktopAlertsDeps {
  engine: Pick<FloorConsole, 'attachView'>
  policy: AlertPolicy
  /** Shows a notice (the notifier); not called while notifications are disabled. */
  show(notice: AlertNotice): void
  enabled(): boolean
  /** Tray and badge; also told whenever mute changes. */
  onState(state: AlertPolicyState): void
}

export function startDesktopAlerts(d: DesktopAlertsDeps): () => void {
  const offState = d.policy.onChange(d.onState)
  const view = d.engine.attachView({
    send: (batch) => {
      const notices = d.policy.observe(batch)
      if (d.enabled()) for (const notice of notices) d.show(notice)
      return true
    },
  })
  d.onState(d.policy.state())
  return () => {
    view.close()
    offState()
  }
}
