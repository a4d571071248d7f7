// Typed IPC for main: the sender frame is validated once here, in the wrapper, never per handler; every
// payload is parsed by its schema before a handler sees it; every outcome becomes a Result, because
// Electron keeps nothing of a thrown error but its message.
import { ipcMain, type WebContents } from 'electron'
import { INVOKE_KEYS, type EventKey, type EventMap, type InvokeKey, type Result } from '../../shared/contract'
import { runCall, type Handlers } from '../core/api'
import { isAppOrigin } from './app-origin'

/**
 * True for frames that load our own renderer, and nothing else: app://floorwatch, or in development the dev
 * server's exact origin. file:// is never trusted: any file on disk would share that origin.
 */
export function isTrustedSender(frameUrl: string | undefined, devServerUrl?: string): boolean {
  return isAppOrigin(frameUrl, devServerUrl)
}

/** Runs one call from a renderer: sender check, schema, handler, Result. Exported for tests. */
export async function dispatch(
  handlers: Handlers,
  key: InvokeKey,
  frameUrl: string | undefined,
  payload: unknown,
  devServerUrl?: string,
): Promise<Result<unknown>> {
  if (!isTrustedSender(frameUrl, devServerUrl)) {
    return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' } }
  }
  return runCall(handlers, key, payload)
}

export function registerHandlers(handlers: Handlers, devServerUrl?: string): () => void {
  for (const key of INVOKE_KEYS) {
    ipcMain.handle(key, (event, payload: unknown) =>
      dispatch(handlers, key, event.senderFrame?.url, payload, devServerUrl),
    )
  }
  return () => {
    for (const key of INVOKE_KEYS) ipcMain.removeHandler(key)
  }
}

export function emit<K extends EventKey>(target: WebContents, key: K, payload: EventMap[K]): boolean {
  if (target.isDestroyed()) return false
  target.send(key, payload)
  return true
}
