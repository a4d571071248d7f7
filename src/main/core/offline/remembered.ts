// What a console remembers between runs besides its cache and outbox, in the same folder: the embedded
// project it last used (its port changes every run, so without this a console started while the backend
// is still down would not know whose cached floor to show), and, for the headless console, the signed-in
// session. Electron keeps the session encrypted with safeStorage (electron/token-store.ts); a Node process
// has no OS keychain, so the headless console keeps it in a file only its user can read (0600 in a 0700
// folder, as the Supabase and GitHub CLIs keep theirs), or nowhere with --ephemeral.
import type { ProjectTarget } from '../console-types'
import type { SessionStore } from '../session-store'
import { openOrKeepAside, writeStore, type JsonStore, type StoreFolder } from './durable'

type Report = (problem: string) => void

function open(folder: StoreFolder, name: string, what: string, now: number, report: Report): JsonStore {
  return openOrKeepAside(
    () => folder.open(name),
    folder.path(name),
    now,
    (why, aside) => report(`${what} could not be read (${why}); it was kept as ${aside}.`),
  )
}

/** The embedded project a console last used, to open on its cached floor before the backend is up. */
export class RememberedProject {
  private readonly store: JsonStore

  constructor(folder: StoreFolder, now: number, report: Report) {
    this.store = open(folder, 'project', 'The remembered project', now, report)
  }

  /** The last embedded project (no credentials: a saved session, or the backend's own, sign in). */
  embedded(): ProjectTarget | null {
    const saved = this.store.store.embedded as Record<string, unknown> | undefined
    if (typeof saved?.url !== 'string' || typeof saved.anonKey !== 'string') return null
    return { url: saved.url, anonKey: saved.anonKey, demo: true }
  }

  remember(target: ProjectTarget): void {
    if (!target.demo) return
    const known = this.embedded()
    if (known?.url === target.url && known.anonKey === target.anonKey) return
    writeStore(this.store, { embedded: { url: target.url, anonKey: target.anonKey } })
  }
}

/** The headless console's saved session, in a file of the folder. */
export function storedSessionStore(folder: StoreFolder, now: number, report: Report): SessionStore {
  const store = open(folder, 'session', 'The saved session', now, report)
  const save = (value: string | null) => {
    const outcome = writeStore(store, value === null ? {} : { session: value })
    if (!outcome.ok) report(`The session could not be saved (${outcome.message}).`)
  }
  return {
    load: async () => {
      const value = store.store.session
      return typeof value === 'string' ? value : null
    },
    save: async (session) => save(session),
    clear: async () => save(null),
  }
}
