// The desktop's alert bookkeeping around the one notification policy of every console
// (src/shared/alerts/notification-policy.ts, which the headless console's page runs too). That policy
// decides what notifies, how loud, and what is withdrawn; this adds what only the desktop has: a mute that
// survives restarts, an unread count for the tray and badge, a "notify from" severity, and a timer for
// the policy's clock-driven work (a storm's minute ending, the digest at the end of quiet hours).
// Alerts a resync brings (raised while the console was away) count as unread without a notification.
import type { Clock, TimerHandle } from '../clock'
import type { DeltaBatch } from '../../../shared/domain/delta'
import type { Alert, Severity } from '../../../shared/domain/rows'
import {
  NotificationPolicy,
  routingFrom,
  type NotifyCommand,
} from '../../../shared/alerts/notification-policy'
import { nextTickDelay, type QuietHours } from '../../../shared/alerts/quiet-hours'

export interface AlertPolicyOptions {
  /** Local time and timers, for muting and the policy's ticks. */
  clock: Clock
  /** Server time (ms), to judge how old an alert is and to read quiet hours; default the clock's. */
  serverNow?(): number
  /** A first-seen alert raised longer ago than this is history, not news (a catch-up after an outage). */
  maxAgeMs?: number
  /** Alerts below this severity never notify. */
  minSeverity?: Severity
  /** Notifications per minute before a storm collapses them into one summary (K). */
  stormPerMinute?: number
  quietHours?: QuietHours | null
}

export interface AlertPolicyState {
  unread: number
  /** Epoch ms while muted, else null. */
  mutedUntil: number | null
}

export const MUTE_15_MIN = 15 * 60_000
export const MUTE_1_HOUR = 60 * 60_000

export class AlertPolicy {
  private readonly notify: NotificationPolicy
  private readonly unreadIds = new Set<string>()
  private readonly known = new Set<string>()
  private readonly listeners = new Set<(state: AlertPolicyState) => void>()
  private muteUntil = 0
  private muteTimer: TimerHandle | undefined
  private quietHours: QuietHours | null

  constructor(private readonly o: AlertPolicyOptions) {
    this.quietHours = o.quietHours ?? null
    this.notify = new NotificationPolicy({
      now: () => this.serverNow(),
      maxAgeMs: o.maxAgeMs,
      stormPerMinute: o.stormPerMinute,
      preferences: { routing: routingFrom(o.minSeverity ?? 'info'), quietHours: this.quietHours },
    })
  }

  /**
   * Feeds one relay batch and returns what to show, update and withdraw now. While muted nothing is
   * shown, but withdrawals still go out and everything is still counted.
   */
  observe(batch: DeltaBatch): NotifyCommand[] {
    const before = this.unreadIds.size
    this.trackUnread(batch)
    const commands = this.notify.observe(batch)
    for (const c of commands) if (c.type === 'show' || c.type === 'summary') this.unreadIds.add(c.alertId)
    if (commands.length > 0 || before !== this.unreadIds.size) this.changed()
    return this.audible(commands)
  }

  /** The policy's clock-driven work (storm end, quiet-hours digest); call it when nextTickIn says. */
  tick(): NotifyCommand[] {
    return this.audible(this.notify.tick())
  }

  /** Milliseconds until the next tick is due. */
  nextTickIn(): number {
    return nextTickDelay(this.serverNow(), this.quietHours)
  }

  private audible(commands: NotifyCommand[]): NotifyCommand[] {
    return this.muted() ? commands.filter((c) => c.type === 'withdraw') : commands
  }

  /** Unread is what the operator has not seen: open alerts notified, or brought by a catch-up. */
  private trackUnread(batch: DeltaBatch): void {
    const frame = batch.frame
    if (frame?.kind === 'snapshot' && frame.first) this.known.clear()
    for (const delta of batch.deltas) {
      if (delta.table !== 'alerts') continue
      if (delta.kind === 'remove' || (delta.row as Alert).status !== 'open') {
        this.unreadIds.delete(delta.id)
        if (delta.kind === 'remove') this.known.delete(delta.id)
        continue
      }
      if (frame?.kind === 'resync' && !this.known.has(delta.id)) this.unreadIds.add(delta.id)
      this.known.add(delta.id)
    }
    if (frame?.kind === 'snapshot' && frame.last) {
      for (const id of [...this.unreadIds]) if (!this.known.has(id)) this.unreadIds.delete(id)
    }
  }

  setMinSeverity(severity: Severity): void {
    this.notify.setPreferences({ routing: routingFrom(severity) })
  }

  setQuietHours(quietHours: QuietHours | null): void {
    this.quietHours = quietHours
    this.notify.setPreferences({ quietHours })
  }

  mute(durationMs: number): number {
    this.setMute(this.o.clock.now() + durationMs)
    this.changed()
    return this.muteUntil
  }

  /** Restores a mute saved before a restart; an expired one is ignored. */
  restoreMute(until: number | null): void {
    this.setMute(until ?? 0)
  }

  unmute(): void {
    this.setMute(0)
    this.changed()
  }

  muted(): boolean {
    return this.o.clock.now() < this.muteUntil
  }

  /** Stops the mute timer (the shell is quitting). */
  dispose(): void {
    this.o.clock.clearTimeout(this.muteTimer)
    this.listeners.clear()
  }

  private setMute(until: number): void {
    this.o.clock.clearTimeout(this.muteTimer)
    this.muteTimer = undefined
    this.muteUntil = until
    const left = until - this.o.clock.now()
    // The end of a mute is a change too: the tray's label and menu must say so without a new alert.
    if (left > 0) this.muteTimer = this.o.clock.setTimeout(() => this.changed(), left)
  }

  markRead(alertId: string): void {
    if (this.unreadIds.delete(alertId)) this.changed()
  }

  markAllRead(): void {
    if (this.unreadIds.size === 0) return
    this.unreadIds.clear()
    this.changed()
  }

  state(): AlertPolicyState {
    return { unread: this.unreadIds.size, mutedUntil: this.muted() ? this.muteUntil : null }
  }

  onChange(listener: (state: AlertPolicyState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private serverNow(): number {
    return this.o.serverNow ? this.o.serverNow() : this.o.clock.now()
  }

  private changed(): void {
    const state = this.state()
    for (const listener of this.listeners) listener(state)
  }
}
