// The signed-in session: restored from the SessionStore port or signed in unattended with credentials,
// refreshed by supabase-js before expiry, and refreshed on demand after sleep (the socket must not rejoin
// with a token that expired while the machine slept, supabase-js#2613).
import type { Session, SupabaseClient } from '@supabase/supabase-js'
import type { SessionStore } from '../session'
import { FeedRestError } from './rest'

export const STORAGE_KEY = 'floorwatch-auth'

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

export class FeedAuth {
  private session: Session | null = null
  private refreshing: Promise<boolean> | null = null
  refreshes = 0
  private readonly unsubscribe: () => void

  constructor(
    private readonly client: SupabaseClient,
    private readonly now: () => number,
    private readonly onSession: () => void,
  ) {
    const { data } = client.auth.onAuthStateChange((_event, session) => {
      this.session = session
      this.onSession()
    })
    this.unsubscribe = () => data.subscription.unsubscribe()
  }

  /** Restores the saved session, or signs in with the credentials when there is none. */
  async start(credentials?: { email: string; password: string }): Promise<void> {
    const { data, error } = await this.client.auth.getSession()
    if (error) throw new FeedRestError({ code: error.code ?? 'auth', message: error.message })
    this.session = data.session
    if (this.session || !credentials) return
    await this.signIn(credentials)
  }

  async signIn(credentials: { email: string; password: string }): Promise<void> {
    const res = await this.client.auth.signInWithPassword(credentials)
    if (res.error) {
      throw new FeedRestError({
        code: res.error.code ?? 'auth',
        message: res.error.message,
        status: res.error.status,
      })
    }
    this.session = res.data.session
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
   * Refreshes the session if it expires within `marginMs` (or has expired), then hands the token to
   * Realtime. Concurrent calls share one refresh: parallel refreshes of one token are reuse (auth-js#213).
   */
  ensureFresh(marginMs: number): Promise<boolean> {
    const exp = this.expiresAt
    if (exp === null || exp * 1000 - this.now() > marginMs) return Promise.resolve(true)
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null))
    return this.refreshing
  }

  private async refresh(): Promise<boolean> {
    this.refreshes++
    const { data, error } = await this.client.auth.refreshSession()
    if (error || !data.session) return false
    this.session = data.session
    await this.client.realtime.setAuth()
    return true
  }

  async signOut(): Promise<void> {
    await this.client.auth.signOut({ scope: 'local' })
  }

  stop(): void {
    this.unsubscribe()
    void this.client.auth.stopAutoRefresh()
  }
}
