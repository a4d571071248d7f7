// The one notification policy of every console (Electron's main process and the headless console's
// browser page): which alert rows become a notification, how loud, and when one is withdrawn. Pure and
// clock-injected; the shells only carry its commands out.
//
//   news only      rows inside a frame (snapshot, resync, the offline cache's snapshot) are state, not news:
//                  they never notify; an alert first seen live but raised long ago is history
//   once per raise an alert notifies once while it stays open; again only when it is escalated, reopened
//                  after a resolve (a new raise), or its snooze ends (the reminder the snooze asked for)
//   withdraw       an alert that stops being open (acknowledged, snoozed, resolved by anyone, on any console)
//                  has its notification withdrawn
//   routing        severity → delivery (critical: native + sound + flash + banner; warning: native; info:
//                  in-app only), overridable per user
//   storm control  above `stormPerMinute` notifications in the last minute, further ones collapse into one
//                  summary notification that keeps counting (replacing itself, never a new one)
//   quiet hours    per user, in an IANA zone: delivery downgrades to the in-app banner without sound; a
//                  critical alert is never hidden; when they end, one digest covers what is still open
import type { DeltaBatch } from '../domain/delta'
import type { Alert, Severity } from '../domain/rows'
import { isQuiet, type QuietHours } from './quiet-hours'

export interface Delivery {
  /** An OS / browser notification. */
  native: boolean
  sound: boolean
  /** Taskbar flash (Electron). */
  flash: boolean
  /** The in-app banner (and the title badge of the headless console). */
  banner: boolean
}

export type Routing = Record<Severity, Delivery>

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 }

export const DEFAULT_ROUTING: Routing = {
  critical: { native: true, sound: true, flash: true, banner: true },
  warning: { native: true, sound: false, flash: false, banner: false },
  info: { native: false, sound: false, flash: false, banner: false },
}

export type NotifyReason = 'raised' | 'escalated' | 'reopened' | 'snooze-ended'

export type NotifyCommand =
  | {
      type: 'show'
      alertId: string
      tag: string
      reason: NotifyReason
      severity: Severity
      title: string
      body: string
      delivery: Delivery
    }
  | {
      type: 'summary'
      tag: 'storm'
      /** The latest alert the summary counts (a click opens it). */
      alertId: string
      count: number
      severity: Severity
      title: string
      body: string
      delivery: Delivery
    }
  | { type: 'withdraw'; alertId: string; tag: string }
  | { type: 'digest'; tag: 'digest'; alertIds: string[]; title: string; body: string; delivery: Delivery }

const SILENT: Delivery = { native: false, sound: false, flash: false, banner: false }

/** The default routing with everything below `min` kept in the app (the desktop's "notify from" setting). */
export function routingFrom(min: Severity): Routing {
  const out = { ...DEFAULT_ROUTING }
  for (const s of Object.keys(out) as Severity[]) if (RANK[s] < RANK[min]) out[s] = SILENT
  return out
}

export interface NotificationPreferences {
  routing?: Partial<Routing>
  quietHours?: QuietHours | null
}

export interface NotificationPolicyOptions {
  /** Server time in ms (alert ages are judged on the server's clock). */
  now(): number
  /** A first-seen alert raised longer ago than this is history, not news. */
  maxAgeMs?: number
  /** Notifications per minute before a storm collapses them into a summary (K). */
  stormPerMinute?: number
  preferences?: NotificationPreferences
}

const DEFAULT_MAX_AGE_MS = 10 * 60_000
const DEFAULT_STORM_PER_MINUTE = 3
const QUIET: Delivery = { native: false, sound: false, flash: false, banner: true }

interface Known {
  status: Alert['status']
  severity: Severity
  escalatedAt: string | null
  /** The tag of the notification showing for it, if any. */
  shown: string | null
}

export class NotificationPolicy {
  private readonly known = new Map<string, Known>()
  /** When each alert that would notify arrived in the last minute (storm control). */
  private arrivals: number[] = []
  private storm: { count: number; severity: Severity } | null = null
  private quietNow = false
  /** Alerts announced while quiet hours turned delivery down: the digest's candidates. */
  private readonly quietNews = new Set<string>()
  /** Alert ids of the snapshot frame being received. */
  private inSnapshot: Set<string> | null = null
  private readonly prefs: NotificationPreferences

  constructor(private readonly o: NotificationPolicyOptions) {
    this.prefs = { ...o.preferences }
    this.quietNow = this.inQuietHours()
  }

  setPreferences(p: NotificationPreferences): void {
    Object.assign(this.prefs, p)
  }

  /** Feeds one relay batch; answers what to show, update and withdraw now. */
  observe(batch: DeltaBatch): NotifyCommand[] {
    const out: NotifyCommand[] = []
    const frame = batch.frame
    if (frame?.kind === 'snapshot' && frame.first) this.inSnapshot = new Set()
    for (const delta of batch.deltas) {
      if (delta.table !== 'alerts') continue
      if (delta.kind === 'remove') {
        this.forget(delta.id, out)
        continue
      }
      this.inSnapshot?.add(delta.id)
      this.judge(delta.row as Alert, frame !== undefined, out)
    }
    if (frame?.kind === 'snapshot' && frame.last) {
      // Alerts the snapshot no longer holds are gone from this view (deleted, or another org's).
      const held = this.inSnapshot
      this.inSnapshot = null
      for (const id of [...this.known.keys()]) if (!held?.has(id)) this.forget(id, out)
    }
    return out
  }

  /**
   * Called on a timer (nextQuietChange says when): at the end of quiet hours, one digest of what is still
   * open. Also ends a storm whose minute has passed.
   */
  tick(): NotifyCommand[] {
    const out: NotifyCommand[] = []
    const quiet = this.inQuietHours()
    if (this.quietNow && !quiet) {
      // What quiet hours turned down and is still open; alerts from before them were announced already.
      const open = [...this.quietNews].filter((id) => this.known.get(id)?.status === 'open')
      if (open.length > 0) out.push(this.digest(open))
      this.quietNews.clear()
    }
    this.quietNow = quiet
    this.trim()
    if (this.arrivals.length < this.stormLimit()) this.storm = null
    return out
  }

  private judge(row: Alert, framed: boolean, out: NotifyCommand[]): void {
    const before = this.known.get(row.id)
    const k: Known = {
      status: row.status,
      severity: before && RANK[before.severity] > RANK[row.severity] ? before.severity : row.severity,
      escalatedAt: row.escalated_at ?? null,
      shown: before?.shown ?? null,
    }
    this.known.set(row.id, k)
    if (row.status !== 'open') {
      if (k.shown) out.push({ type: 'withdraw', alertId: row.id, tag: k.shown })
      k.shown = null
      return
    }
    if (framed) return
    const reason = this.reason(row, before)
    if (!reason) return
    const cmd = this.announce(row, reason)
    if (!cmd) return
    if (cmd.type === 'show') k.shown = cmd.tag
    out.push(cmd)
  }

  private reason(row: Alert, before: Known | undefined): NotifyReason | null {
    if (!before) return this.isHistory(row) ? null : 'raised'
    const escalated =
      (row.escalated_at && row.escalated_at !== before.escalatedAt) ||
      RANK[row.severity] > RANK[before.severity]
    if (escalated) return 'escalated'
    if (before.status === 'resolved') return 'reopened'
    if (before.status === 'snoozed') return 'snooze-ended'
    return null
  }

  private announce(row: Alert, reason: NotifyReason): NotifyCommand | null {
    const delivery = this.delivery(row.severity)
    if (!delivery.native && !delivery.banner) return null
    if (this.inQuietHours()) this.quietNews.add(row.id)
    this.trim()
    const storming = this.arrivals.length >= this.stormLimit()
    this.arrivals.push(this.o.now())
    if (!storming) this.storm = null
    if (storming) {
      const severity =
        this.storm && RANK[this.storm.severity] > RANK[row.severity] ? this.storm.severity : row.severity
      const count = (this.storm?.count ?? 0) + 1
      this.storm = { count, severity }
      return {
        type: 'summary',
        tag: 'storm',
        alertId: row.id,
        count,
        severity,
        title: `${count} more alerts`,
        body: `Latest: ${row.title}. All of them are in the alert list.`,
        delivery: this.delivery(severity),
      }
    }
    // One tag per alert: a re-notification (escalation, reopen) replaces the earlier one.
    const tag = `alert:${row.id}`
    return {
      type: 'show',
      alertId: row.id,
      tag,
      reason,
      severity: row.severity,
      title: row.title,
      body: row.body,
      delivery,
    }
  }

  /** The delivery for `severity` now: the user's routing, downgraded in quiet hours. */
  delivery(severity: Severity): Delivery {
    const routed = this.prefs.routing?.[severity] ?? DEFAULT_ROUTING[severity]
    if (!this.inQuietHours()) return routed
    // Quiet hours never hide a critical alert: it keeps its banner.
    return severity === 'critical' || routed.native || routed.banner ? QUIET : routed
  }

  private digest(alertIds: string[]): NotifyCommand {
    return {
      type: 'digest',
      tag: 'digest',
      alertIds,
      title: `${alertIds.length} alert${alertIds.length === 1 ? '' : 's'} still open`,
      body: 'Raised during your quiet hours and still open.',
      delivery: { native: true, sound: false, flash: false, banner: true },
    }
  }

  private forget(id: string, out: NotifyCommand[]): void {
    const k = this.known.get(id)
    if (k?.shown) out.push({ type: 'withdraw', alertId: id, tag: k.shown })
    this.known.delete(id)
  }

  private isHistory(row: Alert): boolean {
    const raised = Date.parse(row.raised_at)
    return !Number.isNaN(raised) && this.o.now() - raised > (this.o.maxAgeMs ?? DEFAULT_MAX_AGE_MS)
  }

  private inQuietHours(): boolean {
    const q = this.prefs.quietHours
    return q ? isQuiet(this.o.now(), q) : false
  }

  private stormLimit(): number {
    return this.o.stormPerMinute ?? DEFAULT_STORM_PER_MINUTE
  }

  private trim(): void {
    const since = this.o.now() - 60_000
    this.arrivals = this.arrivals.filter((t) => t > since)
  }
}
