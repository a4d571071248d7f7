// The console's engine as the shells see it, able to move to another Supabase project at run time
// (Settings → Connect): views stay attached and receive a fresh snapshot from the new engine; health and
// presence listeners follow; the old engine is stopped only once the new project has answered.
import type { ConnectRequest, ConnectionSettings, SessionInfo, SignInRequest } from '../../shared/contract'
import { checkAnonKey, checkProjectUrl } from '../../shared/keys'
import { HandlerError, type ConsoleEngine } from './api'
import { createEngine, type EngineOptions, type FloorEngine, type HealthReport, type Watcher } from './engine'
import type { WakeReason } from './health'
import type { ViewHandle, ViewSink } from './relay'
import { scopedSessionStore } from './session'

export interface ProjectTarget {
  url: string
  anonKey: string
  demo: boolean
}

export interface SwitchableOptions {
  initial: ProjectTarget
  create(target: ProjectTarget): FloorEngine
  /** Checks that a project answers with this key before switching; throws a HandlerError if not. */
  probe?(target: ProjectTarget): Promise<void>
  /** Persist the new connection (the Electron settings repository; nothing headless). */
  onConnected?(target: ProjectTarget): void | Promise<void>
}

interface AttachedView {
  sink: ViewSink
  handle: ViewHandle
}

export class SwitchableEngine implements ConsoleEngine, FloorEngine {
  private engine: FloorEngine
  private target: ProjectTarget
  private readonly views = new Set<AttachedView>()
  private readonly healthListeners = new Set<(h: HealthReport) => void>()
  private readonly presenceListeners = new Set<(w: Watcher[]) => void>()
  private readonly announcementListeners = new Set<(payload: unknown) => void>()
  private online = true
  private unfollow: () => void

  constructor(private readonly options: SwitchableOptions) {
    this.target = options.initial
    this.engine = options.create(options.initial)
    this.unfollow = this.follow(this.engine)
  }

  get current(): FloorEngine {
    return this.engine
  }

  settings(): ConnectionSettings {
    return { url: this.target.url, demo: this.target.demo }
  }

  start(): Promise<void> {
    return this.engine.start()
  }

  async stop(): Promise<void> {
    this.unfollow()
    await this.engine.stop()
  }

  async connect(request: ConnectRequest): Promise<ConnectionSettings> {
    const url = checkProjectUrl(request.url)
    if (!url.ok) throw new HandlerError('invalid_url', url.error)
    const key = checkAnonKey(request.anonKey)
    if (!key.ok) throw new HandlerError('invalid_key', key.error)
    const next: ProjectTarget = { url: url.url, anonKey: request.anonKey.trim(), demo: false }
    await (this.options.probe ?? probeProject)(next)
    const previous = this.engine
    this.unfollow()
    this.engine = this.options.create(next)
    this.engine.setNetworkOnline(this.online)
    this.target = next
    this.unfollow = this.follow(this.engine)
    for (const view of this.views) {
      view.handle.close()
      view.handle = this.engine.attachView(view.sink)
    }
    await previous.stop()
    await this.options.onConnected?.(next)
    void this.engine.start().catch(() => {
      // The engine reports its own failures through health.
    })
    this.emitHealth()
    return this.settings()
  }

  attachView(sink: ViewSink): ViewHandle {
    const view: AttachedView = { sink, handle: this.engine.attachView(sink) }
    this.views.add(view)
    return {
      get id() {
        return view.handle.id
      },
      resume: () => view.handle.resume(),
      close: () => {
        this.views.delete(view)
        view.handle.close()
      },
    }
  }

  health(): HealthReport {
    return this.engine.health()
  }
  onHealth(listener: (h: HealthReport) => void): () => void {
    this.healthListeners.add(listener)
    return () => this.healthListeners.delete(listener)
  }
  presence(): Watcher[] {
    return this.engine.presence()
  }
  onPresence(listener: (w: Watcher[]) => void): () => void {
    this.presenceListeners.add(listener)
    return () => this.presenceListeners.delete(listener)
  }
  session(): SessionInfo {
    return this.engine.session()
  }
  alertAction(input: Parameters<FloorEngine['alertAction']>[0]) {
    return this.engine.alertAction(input)
  }
  diagnostics(): Record<string, unknown> {
    return { connection: this.settings(), ...this.engine.diagnostics() }
  }
  signIn(input: SignInRequest): Promise<SessionInfo> {
    return this.engine.signIn(input)
  }
  signOut(): Promise<SessionInfo> {
    return this.engine.signOut()
  }
  switchOrg(orgId: string): Promise<SessionInfo> {
    return this.engine.switchOrg(orgId)
  }

  onAnnouncement(listener: (payload: unknown) => void): () => void {
    this.announcementListeners.add(listener)
    return () => this.announcementListeners.delete(listener)
  }
  wake(reason: WakeReason): void {
    this.engine.wake(reason)
  }
  setNetworkOnline(online: boolean): void {
    this.online = online
    this.engine.setNetworkOnline(online)
  }
  serverNow(): number {
    return this.engine.serverNow()
  }

  private follow(engine: FloorEngine): () => void {
    const offHealth = engine.onHealth((h) => {
      for (const l of this.healthListeners) l(h)
    })
    const offPresence = engine.onPresence((w) => {
      for (const l of this.presenceListeners) l(w)
    })
    const offAnnouncement = engine.onAnnouncement((p) => {
      for (const l of this.announcementListeners) l(p)
    })
    return () => {
      offHealth()
      offPresence()
      offAnnouncement()
    }
  }

  private emitHealth(): void {
    const h = this.engine.health()
    for (const l of this.healthListeners) l(h)
  }
}

/**
 * Asks the project's Auth settings endpoint with the key: it answers only for a reachable Supabase project
 * that accepts the key. Each failure gets its own message.
 */
export async function probeProject(target: ProjectTarget, timeoutMs = 10_000): Promise<void> {
  let res: Response
  try {
    res = await fetch(`${target.url}/auth/v1/settings`, {
      headers: { apikey: target.anonKey, Authorization: `Bearer ${target.anonKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    })
  } catch (err) {
    const why =
      err instanceof Error && err.name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : String((err as Error).cause ?? err)
    throw new HandlerError('unreachable', `Could not reach ${target.url}: ${why}.`)
  }
  if (res.status === 401 || res.status === 403) {
    throw new HandlerError(
      'key_refused',
      `${target.url} refused this key (HTTP ${res.status}): check it is this project's anon key.`,
    )
  }
  if (!res.ok) {
    throw new HandlerError(
      'not_supabase',
      `${target.url} does not look like a Supabase project (HTTP ${res.status} from /auth/v1/settings).`,
    )
  }
}

/**
 * The console's engine as both shells build it: the first project with its unattended credentials, and any
 * project connected later starting signed out (credentials belong to the project they were given for).
 */
export function createConsoleEngine(
  first: ProjectTarget & { credentials?: { email: string; password: string } },
  options: Omit<EngineOptions, 'supabaseUrl' | 'anonKey' | 'credentials'>,
  onConnected?: SwitchableOptions['onConnected'],
): SwitchableEngine {
  return new SwitchableEngine({
    initial: { url: first.url, anonKey: first.anonKey, demo: first.demo },
    create: (project) =>
      createEngine({
        ...options,
        ...(options.sessionStore
          ? { sessionStore: scopedSessionStore(options.sessionStore, project.url) }
          : {}),
        supabaseUrl: project.url,
        anonKey: project.anonKey,
        credentials: project.url === first.url ? first.credentials : undefined,
      }),
    onConnected,
  })
}
