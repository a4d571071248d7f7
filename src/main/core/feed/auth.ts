// The signed-in session: restored from the SessionStore port or signed in unattended with credentials,
// refreshed by supabase-js before expiry, and refreshed on demand after sleep (the socket must not rejoin
// with a token that expired while the machine slept, supabase-js#2613). A session the server ends (a
// refresh token revoked or reused) is reported once as `session-lost`.
import type { Session, SupabaseClient } from '@supabase/supabase-js'
import type { SessionStore } from '../session-store'
import type { FeedEmit } from './events'

export const STORAGE_KEY = 'floorwatch-auth'

/** Refresh when the token has less than this left (auth-js itself refreshes 90 s ahead). */
export const TOKEN_MARGIN_MS = 90_000

/** auth-js storage over the port; other keys (PKCE verifiers, unused here) stay in memory. */
export function storageAdapter(store: SessionStore) {
  const memory = new Map<string, string>()
  return {
    getItem: async (key: string) => (key === STORAGE_KEY ? store.load() : (memory.get(key) ?? null)),
    setItem: async (key: string, value: string) =>
      key === STORAGE_KEY ? store.save(value) : void memory.set(key, value),
    removeItem: async (key: string) => (key === STORAGE_KEY ? store.clear() : void memory.delete(key)),
  }
}

/**
 * The user a saved session belongs to, read from the store without the network (a cold start offline
 * must know whose cached floor it may show). Null when there is none or it cannot be read.
 */
export async function savedUserId(store: SessionStore): Promise<string | null> {
  try {
    const raw = await store.load()
    if (!raw) return null
    const id = (JSON.parse(raw) as { user?: { id?: unknown } }).user?.id
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/** A sign-in or restore that failed; `retryable` when the server could not be reached or erred. */
export class FeedAuthError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
  ) {
    super(message)
  }
}

/** Network failures and 5xx are worth retrying; a refused password or key is not. */
function authError(error: { message: string; code?: string; status?: number; name?: string }): FeedAuthError {
  const status = error.status ?? 0
  const retryable =
    error.name === 'AuthRetryableFetchError' || status === 0 || status >= 500 || status === 429
  return new FeedAuthError(error.message, retryable, error.code ?? (retryable ? 'network' : 'auth'))
}

export class FeedAuth {
  private session: Session | null = null
  private refreshing: Promise<void> | null = null
  private ended = false
  refreshes = 0
  private readonly unsubscribe: () => void

  constructor(
    private readonly client: SupabaseClient,
    private readonly now: () => number,
    private readonly emit: FeedEmit,
  ) {
    const { data } = client.auth.onAuthStateChange((event, session) => {
      const had = this.session !== null
      this.session = session
      if (session) emit({ type: 'token', expiresAt: session.expires_at ?? null })
      // A sign-out we did not ask for: auth-js removed the session after a refused refresh.
      if (event === 'SIGNED_OUT' && had && !this.ended) {
        emit({ type: 'session-lost', reason: 'the server ended the session' })
      }
    })
    this.unsubscribe = () => data.subscription.unsubscribe()
  }

  /** Restores the saved session, or signs in with the credentials; null when neither gives a session. */
  async start(credentials?: { email: string; password: string }): Promise<Session | null> {
    const { data, error } = await this.client.auth.getSession()
    if (error) throw authError(error)
    this.session = data.session
    if (this.session || !credentials) return this.session
    return this.signIn(credentials)
  }

  async signIn(credentials: { email: string; password: string }): Promise<Session> {
    let res: Awaited<ReturnType<SupabaseClient['auth']['signInWithPassword']>>
    try {
      res = await this.client.auth.signInWithPassword(credentials)
    } catch (err) {
      throw new FeedAuthError(err instanceof Error ? err.message : String(err), true, 'network')
    }
    if (res.error || !res.data.session) throw authError(res.error ?? { message: 'No session', status: 500 })
    this.session = res.data.session
    return res.data.session
  }

  get user(): { id: string; email: string } | null {
    const u = this.session?.user
    return u ? { id: u.id, email: u.email ?? '' } : null
  }

  /** `exp` of the access token in seconds, or null when signed out. */
  get expiresAt(): number | null {
    return this.session?.expires_at ?? null
  }

  /**
   * Refreshes the session if it expires within the margin (or has expired), then hands the token to
   * Realtime. Concurrent calls share one refresh: parallel refreshes of one token are reuse (auth-js#213).
   */
  ensureFresh(marginMs = TOKEN_MARGIN_MS): Promise<void> {
    const exp = this.expiresAt
    if (exp === null || exp * 1000 - this.now() > marginMs) return this.client.realtime.setAuth()
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null))
    return this.refreshing
  }

  private async refresh(): Promise<void> {
    this.refreshes++
    const { data } = await this.client.auth.refreshSession()
    if (data.session) this.session = data.session
    await this.client.realtime.setAuth()
  }

  async signOut(): Promise<void> {
    this.ended = true
    await this.client.auth.signOut({ scope: 'local' })
  }

  stop(): void {
    this.ended = true
    this.unsubscribe()
    void this.client.auth.stopAutoRefresh()
  }
}
