// The renderer's own origin, app://floorwatch, instead of file:// (Electron security checklist 18): a file://
// page shares its origin with every other file on disk, while app://floorwatch serves the built renderer
// and nothing else. This is the pure half (which URLs are ours, which file a request maps to, the headers);
// app-protocol.ts registers it with Electron. No electron import here, so it is tested with plain Node.
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { SECURITY_HEADERS } from '../server/static-files'

export const APP_SCHEME = 'app'
export const APP_HOST = 'floorwatch'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/**
 * standard: relative URLs and a real origin (so CSP 'self', storage and same-origin module scripts work);
 * secure: a secure context like https; supportFetchAPI: module scripts and fetch may load from it. Never
 * bypassCSP, and not corsEnabled, which would let other origins read our files.
 */
export const APP_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

export function mimeType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The same CSP and hardening headers as the headless console's static server, plus the type. */
export function appHeaders(file: string): Record<string, string> {
  return { ...SECURITY_HEADERS, 'Content-Type': mimeType(file) }
}

function parse(value: string): URL | null {
  try {
    return new URL(value)
  } catch {
    return null
  }
}

/** Exactly app://floorwatch: compared part by part, because Node gives non-special schemes an opaque origin. */
export function isAppUrl(value: string): boolean {
  const url = parse(value)
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  )
}

/** Our renderer's frames: app://floorwatch, or in development the dev server's exact origin. */
export function isAppOrigin(value: string | undefined, devServerUrl?: string | null): boolean {
  if (!value) return false
  if (isAppUrl(value)) return true
  if (!devServerUrl) return false
  const url = parse(value)
  const dev = parse(devServerUrl)
  return url !== null && dev !== null && dev.origin !== 'null' && url.origin === dev.origin
}

/**
 * The file under `root` that an app:// URL names, or null. The URL parser already folds `..` and `%2e%2e`;
 * what it leaves encoded (`%2f`, `%5c`, `%00`) is decoded here and refused, and the resolved path must
 * still lie inside root, so nothing outside the built renderer can be read whatever the URL says.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null
  let path: string
  try {
    // Chromium gives a standard URL at least '/'; Node leaves a non-special one's path empty.
    path = decodeURIComponent(new URL(requestUrl).pathname) || '/'
  } catch {
    return null
  }
  // Backslashes and colons are separators or drive letters and streams on Windows; NUL ends a C path.
  if (/[\\:\0]/.test(path)) return null
  if (path.endsWith('/')) path += 'index.html'
  const segments = path.split('/').slice(1)
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return null
  const base = resolve(root)
  const file = resolve(base, ...segments)
  const rel = relative(base, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null
  return file
}

export type ReadFile = (file: string) => Promise<Uint8Array>

function refusal(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

/** Answers one app:// request from the files under root: the protocol handler, minus Electron. */
export async function serveAppRequest(
  root: string,
  request: { url: string; method: string },
  read: ReadFile = readFile,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed')
  const file = resolveAppFile(root, request.url)
  if (!file) return refusal(404, 'Not found')
  let body: Uint8Array
  try {
    body = await read(file)
  } catch {
    // Missing files and directories alike: nothing about the disk is revealed.
    return refusal(404, 'Not found')
  }
  const headers = appHeaders(file)
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers })
}
