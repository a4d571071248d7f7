// Everything offline a console does, behind one object: the folder it keeps things in, the cached floor it
// opens on, the outbox its actions go through, and the embedded project it remembers. The console tells it
// whose floor is on screen and which session (if any) can reach the server; it never decides either.
import type { Clock } from '../clock'
import type { LiveState } from '../live'
import type { AlertActionOutcome } from '../console-types'
import type { AlertActionRequest, Result } from '../../../shared/contract'
import { OfflineCache, type CacheContext, type CachedFloor } from './cache'
import { openOrKeepAside, type StoreFolder } from './durable'
import { Outbox, type Identity, type OutboxSender, type PendingAction } from './outbox'
import { RememberedProject } from './remembered'

type Level = 'info' | 'warning' | 'error'

export interface OfflineDeskOptions {
  folder: StoreFolder
  clock: Clock
  live: LiveState
  notice(level: Level, message: string): void
  /** Whose floor the live state holds now (null while it is nothing worth keeping). */
  context(): CacheContext | null
  onOutbox(): void
}

export class OfflineDesk {
  readonly remembered: RememberedProject
  private readonly cache: OfflineCache
  private readonly outbox: Outbox
  /** The user and org of the cached floor on screen, until a session has signed in. */
  private cachedIdentity: { userId: string; orgId: string } | null = null
  private draining = false

  constructor(private readonly o: OfflineDeskOptions) {
    const { folder, clock, notice } = o
    this.remembered = new RememberedProject(folder, clock.now(), (m) => notice('warning', m))
    this.cache = new OfflineCache({ folder, clock, notice })
    this.cache.follow(o.live, o.context)
    const file = openOrKeepAside(
      () => folder.open('outbox'),
      folder.path('outbox'),
      clock.now(),
      (why, aside) =>
        notice('error', `The outbox of pending actions could not be read (${why}); it was kept as ${aside}.`),
    )
    this.outbox = new Outbox(file, clock, { notice, onChange: () => o.onOutbox() })
  }

  /**
   * Puts the cached floor of project `key` on screen when it belongs to `user` (the user whose session is
   * saved): nobody else's floor is ever shown, and a signed-out console shows none.
   */
  open(key: string, user: string | null): CachedFloor | null {
    const floor = user ? this.cache.load(key) : null
    if (!floor || floor.userId !== user) return null
    this.cache.restore(this.o.live, floor)
    this.cachedIdentity = { userId: floor.userId, orgId: floor.orgId }
    return floor
  }

  /** The floor on screen is no longer the cached one of anybody (a session ended). */
  closed(): void {
    this.cachedIdentity = null
  }

  /** Sign-out: the next start must not show this project's floor to whoever comes next. */
  forget(key: string): void {
    this.cache.forget(key)
  }

  /** Quit: the cache is written now if anything changed. */
  flush(): void {
    this.cache.flush()
  }

  /**
   * Whose actions these are: the signed-in session's, or, before it has signed in (a cold start offline),
   * the cached floor's: an action taken on it is queued for that user and org, and replayed once the
   * session has signed in as them.
   */
  identity(key: string, signedIn: { userId: string; orgId: string } | null): Identity | null {
    const who = signedIn ?? this.cachedIdentity
    return who && { project: key, ...who }
  }

  pending(identity: Identity | null): PendingAction[] {
    return identity ? this.outbox.pending(identity) : []
  }

  /**
   * Every action goes through the outbox: stored durably first, sent at once when `live` can reach the
   * server (the answer is the server's), else queued and replayed in order when it can.
   */
  async act(
    input: AlertActionRequest,
    identity: Identity,
    live: OutboxSender | null,
  ): Promise<Result<AlertActionOutcome>> {
    try {
      this.outbox.add(input, identity, true)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      return { ok: false, error: { code: 'not_stored', message } }
    }
    if (live) await this.outbox.drain(identity, live)
    // A drain already under way may have sent it: the outcome is kept for us either way.
    const outcome = this.outbox.release(input.clientEventId)
    if (outcome?.kind === 'sent') return { ok: true, data: { status: 'sent' } }
    if (outcome?.kind === 'dropped')
      return { ok: false, error: { code: outcome.code, message: outcome.reason } }
    return { ok: true, data: { status: 'queued' } }
  }

  /** Replays what is pending through `live` (one drain at a time; called whenever the session is live). */
  replay(identity: Identity, live: OutboxSender): void {
    if (this.outbox.size === 0 || this.draining) return
    this.draining = true
    void this.outbox.drain(identity, live).finally(() => (this.draining = false))
  }
}
