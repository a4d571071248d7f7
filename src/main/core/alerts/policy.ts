// Which alert rows become a desktop notification. Pure and clock-injected: it sees the alert rows of a
// relay view and answers with the notices to show. A notice is raised for an alert that is new and open,
// and again only when its severity escalates; never twice for the same alert id, and never for anything
// inside a frame: a snapshot or a resync replays state, it is not news. Alerts a resync brings (raised while
// the console was away) count as unread without a notice. Muting silences notices but still counts them.
import type { Clock, TimerHandle } from '../clock'
import type { DeltaBatch } from '../../../shared/domain/delta'
import type { Alert, Severity } from '../../../shared/domain/rows'
import { presentationFor, severityRank, type Presentation } from './presentation'

export type NoticeReason = 'raised' | 'escalated'

export interface AlertNotice {
  alertId: string
  reason: NoticeReason
  severity: Severity
  title: string
  body: string
  presentation: Presentation
}

export interface AlertPolicyOptions {
  /** Local time and timers, for muting. */
  clock: Clock
  /** Server time (ms), to judge how old an alert is; default the clock's. */
  serverNow?(): number
  /** A first-seen alert raised longer ago than this is history, not news (a catch-up after an outage). */
  maxAgeMs?: number
  /** Alerts below this severity never notify. */
  minSeverity?: Severity
}

export interface AlertPolicyState {
  unread: number
  /** Epoch ms while muted, else null. */
  mutedUntil: number | null
}

export const MUTE_15_MIN = 15 * 60_000
export const MUTE_1_HOUR = 60 * 60_000
const DEFAULT_MAX_AGE_MS = 10 * 60_000

interface Known {
  /** The highest severity this alert has had. */
  severity: Severity
}

export class AlertPolicy {
  private readonly known = new Map<string, Known>()
  private readonly unreadIds = new Set<string>()
  /** Alert ids of the snapshot frame being received. */
  private inSnapshot: Set<string> | null = null
  private readonly listeners = new Set<(state: AlertPolicyState) => void>()
  private muteUntil = 0
  private muteTimer: TimerHandle | undefined
  private minSeverity: Severity

  constructor(private readonly o: AlertPolicyOptions) {
    this.minSeverity = o.minSeverity ?? 'info'
  }

  /**
   * Feeds one relay batch and returns the notices to show now (none while muted). Batches inside a frame
   * update what is known and never notify; a snapshot frame also forgets alerts it no longer holds.
   */
  observe(batch: DeltaBatch): AlertNotice[] {
    const frame = batch.frame
    if (frame?.kind === 'snapshot' && frame.first) this.inSnapshot = new Set()
    const notices: AlertNotice[] = []
    const before = this.unreadIds.size
    for (const delta of batch.deltas) {
      if (delta.table !== 'alerts') continue
      if (delta.kind === 'remove') {
        this.known.delete(delta.id)
        this.unreadIds.delete(delta.id)
        continue
      }
      this.inSnapshot?.add(delta.id)
      const notice = this.judge(delta.row as Alert, frame?.kind ?? null)
      if (notice) notices.push(notice)
    }
    if (frame?.kind === 'snapshot' && frame.last) this.forgetAbsent()
    if (notices.length > 0 || before !== this.unreadIds.size) this.changed()
    return this.muted() ? [] : notices
  }

  /** After a snapshot: alerts it did not hold are gone from this view. */
  private forgetAbsent(): void {
    const held = this.inSnapshot
    this.inSnapshot = null
    if (!held) return
    for (const id of [...this.known.keys()]) {
      if (held.has(id)) continue
      this.known.delete(id)
      this.unreadIds.delete(id)
    }
  }

  private judge(row: Alert, frame: 'snapshot' | 'resync' | null): AlertNotice | null {
    const previous = this.known.get(row.id)
    const open = row.status === 'open'
    // Remember the highest severity seen: going down and up again is not a second escalation.
    const highest =
      previous && severityRank(previous.severity) > severityRank(row.severity)
        ? previous.severity
        : row.severity
    this.known.set(row.id, { severity: highest })
    if (!open) {
      this.unreadIds.delete(row.id)
      return null
    }
    if (severityRank(row.severity) < severityRank(this.minSeverity)) return null
    // Raised while the console was away: unread, shown in "While you were away", never a notice.
    if (frame === 'resync' && !previous) this.unreadIds.add(row.id)
    if (frame !== null) return null
    let reason: NoticeReason | null = null
    if (!previous) reason = this.isHistory(row) ? null : 'raised'
    else if (severityRank(row.severity) > severityRank(previous.severity)) reason = 'escalated'
    if (!reason) return null
    this.unreadIds.add(row.id)
    const { id: alertId, severity, title, body } = row
    return { alertId, reason, severity, title, body, presentation: presentationFor(severity) }
  }

  private isHistory(row: Alert): boolean {
    const raised = Date.parse(row.raised_at)
    if (Number.isNaN(raised)) return false
    const now = this.o.serverNow ? this.o.serverNow() : this.o.clock.now()
    return now - raised > (this.o.maxAgeMs ?? DEFAULT_MAX_AGE_MS)
  }

  setMinSeverity(severity: Severity): void {
    this.minSeverity = severity
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

  private changed(): void {
    const state = this.state()
    for (const listener of this.listeners) listener(state)
  }
}
