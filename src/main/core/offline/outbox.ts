// The outbox: every alert action (acknowledge, snooze, resolve, reopen, note) is stored durably with its
// idempotency key before it is sent, shown as pending until the server has it, and replayed in order when
// the console can reach the server again, exactly once even if the app is killed in the middle: the server
// applies a client_event_id once, and an action that was already attempted is checked against the server's
// history before it is sent again. A conflict (the alert was resolved by someone else meanwhile) or a
// refusal is shown once and the action dropped, never retried in a loop.
import type { Clock } from '../clock'
import type { AlertActionRequest, PendingAction } from '../../../shared/contract'
import { alertActionError } from '../actions'
import { writeStore, type JsonStore } from './durable'

export interface Identity {
  project: string
  userId: string
  orgId: string
}

export interface QueuedAction extends Identity {
  action: AlertActionRequest
  queuedAt: number
  /** Sends started (kept on disk before each): above 0, the server may already have it. */
  attempts: number
}

export type { PendingAction }

/** The server side of a replay (the console's session feed implements it). */
export interface OutboxSender {
  /** Applies the action; resolves with the alert's status after it, or rejects with the server's error. */
  send(action: AlertActionRequest): Promise<{ status: string } | null>
  /** Whether an action with this key is already in the alert's history. */
  applied(clientEventId: string): Promise<boolean>
}

export type Outcome =
  | { kind: 'sent' }
  | { kind: 'kept'; reason: string }
  /** `message` says what happened in a notice; `reason` is the server's answer alone, for a caller waiting on it. */
  | { kind: 'dropped'; code: string; message: string; reason: string }

const EXPECTED: Partial<Record<AlertActionRequest['kind'], string>> = {
  ack: 'acknowledged',
  snooze: 'snoozed',
  resolve: 'resolved',
  reopen: 'open',
}
const DONE: Record<AlertActionRequest['kind'], string> = {
  ack: 'acknowledgement',
  snooze: 'snooze',
  resolve: 'resolution',
  reopen: 'reopening',
  note: 'note',
}

/** An error worth waiting out (the network, the server having a bad moment) rather than dropping. */
export function isTransient(err: unknown): boolean {
  const d = (err as { detail?: { code?: string; status?: number } })?.detail
  const status = d?.status ?? 0
  if (d?.code === 'network' || status === 0 || status >= 500 || status === 408 || status === 429) return true
  return /fetch failed|network|ECONNREFUSED|timeout|aborted/i.test(String((err as Error)?.message ?? err))
}

export class Outbox {
  private queue: QueuedAction[]
  private sending: string | null = null
  private unsaved = false
  private draining: Promise<Map<string, Outcome>> | null = null
  /** Actions someone is waiting on (their refusal goes back to them, not into a notice), and how they ended. */
  private readonly awaited = new Map<string, Outcome | null>()

  constructor(
    private readonly store: JsonStore,
    private readonly clock: Clock,
    private readonly o: {
      notice(level: 'info' | 'warning' | 'error', message: string): void
      onChange(pending: PendingAction[]): void
    },
  ) {
    const raw = store.store.actions
    this.queue = Array.isArray(raw) ? (raw as QueuedAction[]).filter((q) => q && q.action && q.userId) : []
  }

  /** What is waiting, in order (everyone's; the UI shows its own user's). */
  pending(identity?: Identity): PendingAction[] {
    return this.queue
      .filter((q) => !identity || same(q, identity))
      .map((q) => ({
        clientEventId: q.action.clientEventId,
        alertId: q.action.alertId,
        kind: q.action.kind,
        queuedAt: q.queuedAt,
        state: this.sending === q.action.clientEventId ? 'sending' : 'queued',
      }))
  }

  get size(): number {
    return this.queue.length
  }

  /**
   * Stores the action durably; throws when it could not be stored (then it is not queued at all). With
   * `awaited`, the caller collects how it ended with `release` after a drain.
   */
  add(action: AlertActionRequest, identity: Identity, awaited = false): void {
    if (awaited) this.awaited.set(action.clientEventId, null)
    if (this.queue.some((q) => q.action.clientEventId === action.clientEventId)) return
    const next = [...this.queue, { ...identity, action, queuedAt: this.clock.now(), attempts: 0 }]
    const outcome = writeStore(this.store, { actions: next })
    if (!outcome.ok) {
      throw new Error(
        outcome.diskFull
          ? 'Disk full: the action could not be stored, so it was not sent.'
          : `The action could not be stored (${outcome.message}), so it was not sent.`,
      )
    }
    this.queue = next
    this.changed()
  }

  /** How an awaited action ended (null: still queued); it is not awaited any more. */
  release(clientEventId: string): Outcome | null {
    const outcome = this.awaited.get(clientEventId) ?? null
    this.awaited.delete(clientEventId)
    return outcome
  }

  /** Replays, in order, the actions of `identity` (one drain at a time); stops at the first transient failure. */
  drain(identity: Identity, sender: OutboxSender): Promise<Map<string, Outcome>> {
    const run = async () => {
      await this.draining?.catch(() => undefined)
      return this.replay(identity, sender)
    }
    const next = run()
    this.draining = next
    return next
  }

  private async replay(identity: Identity, sender: OutboxSender) {
    const outcomes = new Map<string, Outcome>()
    try {
      for (const q of [...this.queue]) {
        if (!same(q, identity)) continue
        const outcome = await this.replayOne(q, sender, this.awaited.has(q.action.clientEventId))
        outcomes.set(q.action.clientEventId, outcome)
        if (outcome.kind === 'kept') break
      }
    } finally {
      if (this.unsaved) this.save()
    }
    return outcomes
  }

  private async replayOne(q: QueuedAction, sender: OutboxSender, quiet: boolean): Promise<Outcome> {
    const id = q.action.clientEventId
    this.sending = id
    this.changed()
    try {
      if (q.attempts > 0 && (await sender.applied(id))) return this.settle(q, { kind: 'sent' })
      this.persistAttempt(q)
      const after = await sender.send(q.action)
      const expected = EXPECTED[q.action.kind]
      if (expected && after && after.status !== expected) {
        const reason = `The alert is ${after.status} now (changed by someone else meanwhile).`
        const message = `Your ${DONE[q.action.kind]} of an alert was not applied: ${reason}`
        if (!quiet) this.o.notice('warning', message)
        return this.settle(q, { kind: 'dropped', code: 'conflict', message, reason })
      }
      return this.settle(q, { kind: 'sent' })
    } catch (err) {
      if (isTransient(err)) return { kind: 'kept', reason: err instanceof Error ? err.message : String(err) }
      const detail = (err as { detail?: { code?: string; message?: string; status?: number } }).detail
      const { error } = alertActionError(
        detail ?? { message: err instanceof Error ? err.message : String(err) },
      )
      const message = `Your ${DONE[q.action.kind]} of an alert was refused: ${error.message}`
      if (!quiet) this.o.notice('warning', message)
      return this.settle(q, { kind: 'dropped', code: error.code, message, reason: error.message })
    } finally {
      this.sending = null
      this.changed()
    }
  }

  /**
   * Kept on disk before each send: an action whose attempt is recorded is checked against the server's
   * history before it is sent again. The same write records the removal of the actions settled before it.
   */
  private persistAttempt(q: QueuedAction): void {
    q.attempts++
    this.save()
  }

  /**
   * Settled actions leave the queue at once and the file with the next write (the next attempt, or the end
   * of the drain): one write per action instead of two. An action killed before its removal was written
   * has its attempt recorded, so the next run finds it applied and does not send it again.
   */
  private settle(q: QueuedAction, outcome: Outcome): Outcome {
    if (this.awaited.has(q.action.clientEventId)) this.awaited.set(q.action.clientEventId, outcome)
    this.queue = this.queue.filter((x) => x !== q)
    this.unsaved = true
    return outcome
  }

  private save(): void {
    this.unsaved = false
    // A write that fails is harmless here: the attempt (or the removal) is checked again on the next run.
    writeStore(this.store, { actions: this.queue })
  }

  private changed(): void {
    this.o.onChange(this.pending())
  }
}

function same(a: Identity, b: Identity): boolean {
  return a.project === b.project && a.userId === b.userId && a.orgId === b.orgId
}
