// Drives the desktop's alert side: a relay view of its own feeds the alert policy (the shared notification
// policy plus mute and unread), whose commands go to the notifier and whose state (unread, muted) goes to
// the tray. Snapshots and resyncs arrive framed, and the policy never notifies from a frame. A timer runs
// the policy's clock-driven work: a storm's minute ending, the digest when quiet hours end.
import type { NotifyCommand } from '../../shared/alerts/notification-policy'
import type { Clock, TimerHandle } from '../core/clock'
import type { AlertPolicy, AlertPolicyState } from '../core/alerts'
import type { FloorConsole } from '../core/console-types'

export interface DesktopAlertsDeps {
  engine: Pick<FloorConsole, 'attachView'>
  policy: AlertPolicy
  clock: Clock
  /** Carries out a command (the notifier). Withdrawals always; the rest not while notifications are off. */
  apply(command: NotifyCommand): void
  enabled(): boolean
  /** Tray and badge; also told whenever mute changes. */
  onState(state: AlertPolicyState): void
}

export function startDesktopAlerts(d: DesktopAlertsDeps): () => void {
  const carryOut = (commands: NotifyCommand[]) => {
    for (const c of commands) if (c.type === 'withdraw' || d.enabled()) d.apply(c)
  }
  const offState = d.policy.onChange(d.onState)
  const view = d.engine.attachView({
    send: (batch) => {
      carryOut(d.policy.observe(batch))
      return true
    },
  })
  let timer: TimerHandle | undefined
  const schedule = () => {
    timer = d.clock.setTimeout(() => {
      carryOut(d.policy.tick())
      schedule()
    }, d.policy.nextTickIn())
  }
  schedule()
  d.onState(d.policy.state())
  return () => {
    d.clock.clearTimeout(timer)
    view.close()
    offState()
  }
}
