// What a session needs of its feed. The feed (../feed) implements it over supabase-js; unit tests drive a
// session with an in-memory one (feed.testing.ts).
import type { CatchUpRequest, CatchUpResult } from '../live'
import type { AlertActionCall, Authenticated, CatchUpOptions, PresenceMeta } from '../feed'
import type { RuleUpdateRequest } from '../../../shared/contract'
import type { AlertRule } from '../../../shared/domain/rows'

export interface SessionFeed {
  authenticate(
    credentials: { email: string; password: string } | undefined,
    wantedOrg: string | undefined,
    force: boolean,
  ): Promise<Authenticated | null>
  /** `presence` is read each time the channel is joined (rejoins included). */
  openChannel(orgId: string, presence: () => PresenceMeta): Promise<void>
  /** This console's presence changed (the screens it serves): tracked again if joined. */
  track(presence: PresenceMeta): Promise<void>
  parkChannel(): Promise<void>
  catchUp(request: CatchUpRequest, options: CatchUpOptions): Promise<CatchUpResult>
  readonly auth: {
    ensureFresh(): Promise<void>
    readonly refreshes: number
    readonly expiresAt: number | null
  }
  probe(): Promise<void>
  /** Gives up on a socket connection attempt that is still not open (its close follows). */
  abortAttempt(): void
  serverTime(): Promise<{ sentAt: number; receivedAt: number; serverMs: number }>
  alertAction(input: AlertActionCall): Promise<{ status: string } | null>
  alertActionApplied(clientEventId: string): Promise<boolean>
  updateRule(input: RuleUpdateRequest): Promise<AlertRule>
  /** The message as sent (the server's `floor_announce`). */
  announce(input: { orgId: string; text: string; minutes: number }): Promise<unknown>
  signOut(): Promise<void>
  close(): Promise<void>
  readonly channelsOpened: number
}
