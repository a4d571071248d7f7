// The signed-in session as a port: the core keeps the auth session (access + refresh token) somewhere the
// shell decides. Electron encrypts it with safeStorage; the headless console keeps it in a file only its
// user can read (storedSessionStore), or in memory when it is ephemeral.
import type { SessionInfo } from '../../shared/contract'

export interface SessionStore {
  /** The saved session (opaque JSON written by save), or null. */
  load(): Promise<string | null>
  save(session: string): Promise<void>
  clear(): Promise<void>
}

export function memorySessionStore(initial: string | null = null): SessionStore {
  let value = initial
  return {
    load: async () => value,
    save: async (session) => void (value = session),
    clear: async () => void (value = null),
  }
}

export type { SessionInfo }
export type OrgMembership = SessionInfo['orgs'][number]

/**
 * A session store that only ever hands a session back to the project it was saved for: after Settings →
 * Connect, the new project's engine must not try the old project's tokens.
 */
export function scopedSessionStore(store: SessionStore, project: string): SessionStore {
  return {
    async load() {
      const raw = await store.load()
      if (raw === null) return null
      try {
        const saved = JSON.parse(raw) as { project?: unknown; session?: unknown }
        return saved.project === project && typeof saved.session === 'string' ? saved.session : null
      } catch {
        return null
      }
    },
    save: (session) => store.save(JSON.stringify({ project, session })),
    clear: () => store.clear(),
  }
}
