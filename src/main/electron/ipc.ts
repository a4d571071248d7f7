// Typed IPC for main: the sender frame is validated once here, in the wrapper, never per handler; every
// payload is parsed by its schema before a handler sees it; every outcome becomes a Result, because
// Electron keeps nothing of a thrown error but its message.
import { ipcMain, type WebContents } from 'electron'
import { INVOKE_KEYS, type EventKey, type EventMap, type InvokeKey, type Result } from '../../shared/contract'
import { runCall, type Handlers } from '../core/api'

/** True for frames that load our own renderer (the packaged file or the dev server), and nothing else. */
export function isTrustedSender(frameUrl: string | undefined, devServerUrl?: string): boolean {
  if (!frameUrl) return false
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (url.protocol === 'file:') return url.pathname.endsWith('/renderer/index.html')
  if (devServerUrl) return url.origin === new URL(devServerUrl).origin
  return false
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
