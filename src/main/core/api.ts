// The console's request handlers and event sources, shared by both composition roots: Electron IPC and
// the headless bridge call the same functions, so a behaviour tested headless is the desktop's too.
import {
  MUTATING_KEYS,
  parseRequest,
  type AppInfo,
  type InvokeKey,
  type InvokeRequest,
  type InvokeResponse,
  type Result,
} from '../../shared/contract'
import type { IssuedWallToken, WallCommand, WallDevice } from '../../shared/walls'
import type { FloorConsole } from './console-types'
import { HandlerError } from './errors'

export { HandlerError }

/** One handler per contract call: a call without one is a type error here. */
export type Handlers = {
  [K in InvokeKey]: (request: InvokeRequest<K>) => Promise<InvokeResponse<K>>
}

/** Browser wall displays: only the headless console serves them (src/main/server/wall-hub.ts). */
export interface WallAdmin {
  list(): WallDevice[]
  create(name: string): IssuedWallToken
  revoke(id: string): WallDevice
  command(id: string, command: WallCommand): number
}

const noWalls = (): never => {
  throw new HandlerError(
    'unsupported',
    'Browser wall displays are served by the headless console (npm run serve); this window serves none.',
  )
}

export function createHandlers(engine: FloorConsole, info: () => AppInfo, walls?: WallAdmin): Handlers {
  return {
    'wall:announce': async (request) => engine.announce(request),
    'walls:list': async () => (walls ? walls.list() : noWalls()),
    'walls:create': async ({ name }) => (walls ? walls.create(name) : noWalls()),
    'walls:revoke': async ({ id }) => (walls ? walls.revoke(id) : noWalls()),
    'walls:command': async ({ id, command }) => ({ screens: walls ? walls.command(id, command) : noWalls() }),
    'app:info': async () => info(),
    'session:get': async () => engine.session(),
    'health:get': async () => engine.health(),
    'alert:act': async (request) => {
      const result = await engine.alertAction(request)
      if (!result.ok) throw new HandlerError(result.error.code, result.error.message)
      return result.data
    },
    'outbox:get': async () => engine.outbox(),
    'rules:update': async (request) => {
      const result = await engine.updateRule(request)
      if (!result.ok) throw new HandlerError(result.error.code, result.error.message)
      return result.data
    },
    'diagnostics:get': async () => ({ app: info(), health: engine.health(), ...engine.diagnostics() }),
    'settings:get': async () => engine.settings(),
    'settings:connect': async (request) => engine.connect(request),
    'session:signIn': async (request) => engine.signIn(request),
    'session:signOut': async () => engine.signOut(),
    'session:switchOrg': async ({ orgId }) => engine.switchOrg(orgId),
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
  const parsed = parseRequest(key, payload)
  if (!parsed.ok) return { ok: false, error: { code: 'invalid_payload', message: parsed.error } }
  try {
    const handler = handlers[key] as (request: unknown) => Promise<unknown>
    return { ok: true, data: await handler(parsed.value) }
  } catch (err) {
    const code = err instanceof HandlerError ? err.code : 'failed'
    return { ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } }
  }
}
