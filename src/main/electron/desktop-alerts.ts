// Drives the desktop's alert side: a relay view of its own feeds the alert policy, whose notices go to
// the notifier and whose state (unread, muted) goes to the tray. The snapshot a new view receives is
// delivered synchronously inside attachView, so everything seen there is marked as a replay.
import type { AlertNotice, AlertPolicy, AlertPolicyState } from '../core/alerts'
import type { FloorEngine } from '../core/engine-types'

export interface DesktopAlertsDeps {
  engine: Pick<FloorEngine, 'attachView'>
  policy: AlertPolicy
  /** Shows a notice (the notifier); not called while notifications are disabled. */
  show(notice: AlertNotice): void
  enabled(): boolean
  /** Tray and badge; also told whenever mute changes. */
  onState(state: AlertPolicyState): void
}

export function startDesktopAlerts(d: DesktopAlertsDeps): () => void {
  let replaying = true
  const offState = d.policy.onChange(d.onState)
  const view = d.engine.attachView({
    send: (batch) => {
      const notices = d.policy.observe(batch, { replay: replaying })
      if (d.enabled()) for (const notice of notices) d.show(notice)
      return true
    },
  })
  replaying = false
  d.onState(d.policy.state())
  return () => {
    view.close()
    offState()
  }
}
