// A small HTTP router for the embedded backend: path patterns, CORS as browsers need it for supabase-js,
// bounded JSON bodies, and one place that turns a thrown error into a response.
import type { IncomingMessage, ServerResponse } from 'node:http'

export type Params = Record<string, string>
export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  params: Params
  /** The raw body, read once, at most `maxBodyBytes`. */
  body(): Promise<Buffer>
}
export type Handler = (ctx: Ctx) => Promise<void> | void

/** An error with an HTTP status and a JSON body already in the shape of the service that raised it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`)
  }
}

export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Allow-Headers':
    'apikey, authorization, x-client-info, content-type, prefer, accept-profile, content-profile, range, ' +
    'x-supabase-api-version, x-retry-count, traceparent, tracestate, baggage, accept',
  'Access-Control-Expose-Headers': 'Content-Range, X-Supabase-Api-Version, Content-Profile',
  'Access-Control-Max-Age': '86400',
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...(text ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    ...headers,
  })
  res.end(text)
}

interface Route {
  method: string
  parts: string[]
  handler: Handler
}

export class Router {
  private routes: Route[] = []

  constructor(private readonly maxBodyBytes = 8 * 1024 * 1024) {}

  /** `pattern` is a path with `:name` segments and an optional trailing `*` (rest in params['*']). */
  on(method: string | string[], pattern: string, handler: Handler): this {
    for (const m of Array.isArray(method) ? method : [method]) {
      this.routes.push({ method: m.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler })
    }
    return this
  }

  handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1')
    } catch {
      return sendJson(res, 400, { message: 'Malformed request URL' })
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS)
      return void res.end()
    }
    const segments = url.pathname.split('/').filter(Boolean).map(safeDecode)
    let pathMatched = false
    for (const route of this.routes) {
      const params = match(route.parts, segments)
      if (!params) continue
      pathMatched = true
      if (route.method !== req.method && !(route.method === 'GET' && req.method === 'HEAD')) continue
      const ctx: Ctx = { req, res, url, params, body: once(() => readBody(req, this.maxBodyBytes)) }
      try {
        await route.handler(ctx)
      } catch (err) {
        respondError(res, err)
      }
      return
    }
    if (pathMatched) return sendJson(res, 405, { message: `Method ${req.method} not allowed` })
    sendJson(res, 404, { message: `No route for ${url.pathname}` })
  }
}

export function respondError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  if (err instanceof HttpError) return sendJson(res, err.status, err.body, err.headers)
  // A write refused because the disk is (nearly) full: say so, with the code Postgres uses.
  if ((err as { code?: unknown } | null)?.code === '53100') {
    return sendJson(res, 503, { code: '53100', message: (err as Error).message })
  }
  console.error('[embedded] request failed:', err)
  sendJson(res, 500, { code: 'XX000', message: 'Internal server error', details: null, hint: null })
}

function match(parts: string[], segments: (string | null)[]): Params | null {
  const params: Params = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part === '*') {
      if (segments.slice(i).some((s) => s === null)) return null
      params['*'] = segments.slice(i).join('/')
      return params
    }
    const seg = segments[i]
    if (seg === undefined || seg === null) return null
    if (part.startsWith(':')) params[part.slice(1)] = seg
    else if (part !== seg) return null
  }
  return segments.length === parts.length ? params : null
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined
  return () => (p ??= fn())
}

/**
 * The request body, at most `limit` bytes. A larger one is answered 413 at once, and the rest of it is read
 * and thrown away rather than the connection reset: a client still uploading would otherwise see
 * ECONNRESET or EPIPE instead of the answer. The connection stays open for that (no `Connection: close`:
 * Node destroys a socket right after such a response, while the client may still be sending).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): HttpError =>
    new HttpError(413, { code: 'PGRST413', message: `Payload too large (limit ${limit} bytes)` })
  if (Number(req.headers['content-length']) > limit) {
    discard(req)
    return Promise.reject(tooLarge())
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      req.off('data', onData)
      chunks.length = 0
      discard(req)
      reject(tooLarge())
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Reads and drops the rest of a refused body; a client that never stops sending is cut off after 30 s. */
function discard(req: IncomingMessage): void {
  const timer = setTimeout(() => req.destroy(), 30_000)
  timer.unref()
  req.on('data', () => {})
  req.once('close', () => clearTimeout(timer))
  req.resume()
}

/** Bearer token from Authorization, else the apikey header, else the apikey query parameter. */
export function requestToken(ctx: Pick<Ctx, 'req' | 'url'>): string | null {
  const auth = ctx.req.headers.authorization
  if (auth && /^bearer\s+/i.test(auth)) return auth.replace(/^bearer\s+/i, '').trim()
  const key = ctx.req.headers.apikey
  if (typeof key === 'string' && key) return key
  return ctx.url.searchParams.get('apikey')
}
