// The console's request handlers and event sources, shared by both composition roots: Electron IPC and
// the headless bridge call the same functions, so a behaviour tested headless is the desktop's too.
import {
  MUTATING_KEYS,
  type AlertActionRequest,
  type AppInfo,
  type ConnectRequest,
  type ConnectionSettings,
  type SignInRequest,
  type InvokeKey,
  type InvokeMap,
  type Result,
  type SessionInfo,
} from '../../shared/contract'
import { REQUEST_PARSERS } from '../../shared/schemas'
import type { HealthReport, Watcher } from '../../shared/health'
import type { ViewHandle, ViewSink } from './relay'

/** What the console needs of the engine (src/main/core/engine.ts implements it). */
export interface ConsoleEngine {
  attachView(sink: ViewSink): ViewHandle
  health(): HealthReport
  onHealth(listener: (h: HealthReport) => void): () => void
  presence(): Watcher[]
  onPresence(listener: (w: Watcher[]) => void): () => void
  session(): SessionInfo
  alertAction(
    input: AlertActionRequest,
  ): Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>
  diagnostics(): Record<string, unknown>
  /** Optional: wired where the engine supports them; absent, the call answers `unsupported`. */
  settings?(): ConnectionSettings
  connect?(input: ConnectRequest): Promise<ConnectionSettings>
  signIn?(input: SignInRequest): Promise<SessionInfo>
  signOut?(): Promise<SessionInfo>
  switchOrg?(orgId: string): Promise<SessionInfo>
}

/** A handler failure with a code the view can act on (shown, not thrown across IPC). */
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export type Handlers = {
  [K in InvokeKey]: (request: InvokeMap[K]['request']) => Promise<InvokeMap[K]['response']>
}

function unsupported(what: string): never {
  throw new HandlerError('unsupported', `This console cannot ${what} yet.`)
}

export function createHandlers(engine: ConsoleEngine, info: () => AppInfo): Handlers {
  return {
    'app:info': async () => info(),
    'session:get': async () => engine.session(),
    'health:get': async () => engine.health(),
    'alert:act': async (request) => {
      const result = await engine.alertAction(request)
      if (!result.ok) throw new HandlerError(result.error.code, result.error.message)
      return null
    },
    'diagnostics:get': async () => ({ app: info(), health: engine.health(), ...engine.diagnostics() }),
    'settings:get': async () =>
      engine.settings ? engine.settings() : { url: info().backend.url, demo: info().backend.demo },
    'settings:connect': async (request) =>
      engine.connect ? engine.connect(request) : unsupported('connect to another project'),
    'session:signIn': async (request) => (engine.signIn ? engine.signIn(request) : unsupported('sign in')),
    'session:signOut': async () => (engine.signOut ? engine.signOut() : unsupported('sign out')),
    'session:switchOrg': async ({ orgId }) =>
      engine.switchOrg ? engine.switchOrg(orgId) : unsupported('switch organisations'),
  }
}

/**
 * Runs one call from a view, whichever shell it came through: read-only views may not mutate, the payload
 * is parsed by its schema before the handler sees it, and every outcome is a Result.
 */
export async function runCall(
  handlers: Handlers,
  key: InvokeKey,
  payload: unknown,
  access: 'full' | 'read-only' = 'full',
): Promise<Result<unknown>> {
  if (access === 'read-only' && MUTATING_KEYS.has(key)) {
    return {
      ok: false,
      error: { code: 'read_only', message: 'This display is read-only: actions are not allowed.' },
    }
  }
  const parsed = REQUEST_PARSERS[key](payload)
  if (!parsed.ok) return { ok: false, error: { code: 'invalid_payload', message: parsed.error } }
  try {
    const handler = handlers[key] as (request: unknown) => Promise<unknown>
    return { ok: true, data: await handler(parsed.value) }
  } catch (err) {
    const code = err instanceof HandlerError ? err.code : 'failed'
    return { ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } }
  }
}
