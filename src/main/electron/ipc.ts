// Typed IPC for main: the sender frame is validated once here, in the wrapper, never per handler; every
// handler's outcome becomes a Result, because Electron keeps nothing of a thrown error but its message.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { EventKey, EventMap, InvokeKey, InvokeMap, Result } from '../../shared/contract'

export type Parser<T> = (payload: unknown) => { ok: true; value: T } | { ok: false; error: string }

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
  if (devServerUrl) {
    const dev = new URL(devServerUrl)
    return url.origin === dev.origin
  }
  return false
}

export function handle<K extends InvokeKey>(
  key: K,
  parse: Parser<InvokeMap[K]['request']>,
  fn: (request: InvokeMap[K]['request'], event: IpcMainInvokeEvent) => Promise<InvokeMap[K]['response']>,
  devServerUrl?: string,
): void {
  ipcMain.handle(key, async (event, payload: unknown): Promise<Result<InvokeMap[K]['response']>> => {
    if (!isTrustedSender(event.senderFrame?.url, devServerUrl)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame was refused' } }
    }
    const parsed = parse(payload)
    if (!parsed.ok) return { ok: false, error: { code: 'invalid_payload', message: parsed.error } }
    try {
      return { ok: true, data: await fn(parsed.value, event) }
    } catch (err) {
      return {
        ok: false,
        error: { code: 'failed', message: err instanceof Error ? err.message : String(err) },
      }
    }
  })
}

export function emit<K extends EventKey>(target: WebContents, key: K, payload: EventMap[K]): void {
  if (!target.isDestroyed()) target.send(key, payload)
}

export const noPayload: Parser<void> = (payload) =>
  payload === undefined || payload === null
    ? { ok: true, value: undefined }
    : { ok: false, error: 'expected no payload' }
