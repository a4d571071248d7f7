// The thin Electron half of app://floorwatch (see app-origin.ts): the scheme is declared privileged before
// `ready`, as Chromium requires, and served from the built renderer once the app is ready.
import { protocol } from 'electron'
import { APP_PRIVILEGES, APP_SCHEME, serveAppRequest } from './app-origin'

/** Must run before app `ready`; Electron allows one call. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_PRIVILEGES } }])
}

/** Serves app://floorwatch/… from `rendererDir` (out/renderer) for the default session. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request))
}
