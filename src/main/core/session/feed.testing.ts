// An in-memory feed for tests of sessions: the test plays the wire (socket, channel, heartbeats, changes)
// through `emit`, and answers catch-ups when it chooses, so every interleaving can be staged.
import type { RuleUpdateRequest } from '../../../shared/contract'
import type { AlertRule } from '../../../shared/domain/rows'
import { rulePatch } from '../feed/rules'
import type { CatchUpRequest, CatchUpResult } from '../live'
import type {
  AlertActionCall,
  Authenticated,
  CatchUpOptions,
  FeedEmit,
  FeedEvent,
  PresenceMeta,
} from '../feed'
import { FeedAuthError } from '../feed'
import type { SessionFeed } from './ports'

export interface PendingCatchUp {
  request: CatchUpRequest
  options: CatchUpOptions
  resolve(result: CatchUpResult): void
  reject(err: Error): void
}

export const FAKE_ORG = '00000000-0000-4000-8000-00000000000a'

export class FakeFeed implements SessionFeed {
  emitTo: FeedEmit = () => {}
  reconnectDelay: () => number = () => 0
  /** What authenticate() does next: an identity, null (no session), or an error. */
  identity: Authenticated | null | FeedAuthError = {
    user: { id: '00000000-0000-4000-8000-000000000001', email: 'sup@example.test' },
    orgs: [{ id: FAKE_ORG, name: 'Org', role: 'supervisor' }],
    orgId: FAKE_ORG,
    expiresAt: null,
  }
  readonly log: string[] = []
  readonly catchUps: PendingCatchUp[] = []
  readonly actions: AlertActionCall[] = []
  channelsOpened = 0
  channelOpen = false
  /** The presence the session gave with its channel, and every presence tracked since. */
  presence: (() => PresenceMeta) | null = null
  readonly tracked: PresenceMeta[] = []
  closed = false
  readonly auth = {
    refreshes: 0,
    expiresAt: null as number | null,
    ensureFresh: async () => {
      this.log.push('refresh-token')
      this.auth.refreshes++
    },
  }

  /** Connects this feed to a session's hooks (pass as the session's createFeed). */
  bind = (hooks: { emit: FeedEmit; reconnectDelay: () => number }): FakeFeed => {
    this.emitTo = hooks.emit
    this.reconnectDelay = hooks.reconnectDelay
    return this
  }

  emit(...events: FeedEvent[]): void {
    for (const e of events) this.emitTo(e)
  }

  async authenticate(
    _credentials: { email: string; password: string } | undefined,
    _wanted: string | undefined,
    force: boolean,
  ): Promise<Authenticated | null> {
    this.log.push(force ? 'sign-in' : 'authenticate')
    if (this.identity instanceof FeedAuthError) throw this.identity
    return this.identity
  }

  async openChannel(orgId: string, presence: () => PresenceMeta): Promise<void> {
    this.log.push(`open ${orgId} ${presence().kind}`)
    this.presence = presence
    this.channelsOpened++
    this.channelOpen = true
  }

  async track(presence: PresenceMeta): Promise<void> {
    if (this.channelOpen) this.tracked.push(presence)
  }

  async parkChannel(): Promise<void> {
    if (this.channelOpen) this.log.push('park')
    this.channelOpen = false
  }

  catchUp(request: CatchUpRequest, options: CatchUpOptions): Promise<CatchUpResult> {
    this.log.push(`catch-up ${request.attempt} ${request.full ? 'full' : 'incremental'}`)
    return new Promise((resolve, reject) => this.catchUps.push({ request, options, resolve, reject }))
  }

  /** The oldest catch-up still waiting for its answer. */
  nextCatchUp(): PendingCatchUp {
    const next = this.catchUps.shift()
    if (!next) throw new Error(`no catch-up pending (log: ${this.log.join(', ')})`)
    return next
  }

  async probe(): Promise<void> {
    this.log.push('probe')
  }

  abortAttempt(): void {
    this.log.push('abort-attempt')
  }

  async serverTime() {
    return { sentAt: 0, receivedAt: 0, serverMs: 0 }
  }

  async alertAction(input: AlertActionCall): Promise<{ status: string } | null> {
    this.actions.push(input)
    return null
  }

  async announce(input: { orgId: string; text: string; minutes: number }): Promise<unknown> {
    const at = new Date(0).toISOString()
    return { id: 'announcement-1', text: input.text, from: null, sent_at: at, until: at }
  }

  async alertActionApplied(clientEventId: string): Promise<boolean> {
    return this.actions.some((a) => a.clientEventId === clientEventId)
  }

  readonly ruleUpdates: RuleUpdateRequest[] = []
  async updateRule(input: RuleUpdateRequest): Promise<AlertRule> {
    this.ruleUpdates.push(input)
    return { id: input.ruleId, ...rulePatch(input) } as AlertRule
  }

  async signOut(): Promise<void> {
    this.log.push('sign-out')
  }

  async close(): Promise<void> {
    this.closed = true
    this.channelOpen = false
  }
}

/** Lets pending promise callbacks (the feed's answers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}
