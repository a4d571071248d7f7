// The embedded PostgREST subset: what supabase-js's `from()` and `rpc()` send, served from PGlite as the
// caller's database role (reference §7). Each request is one transaction; Postgres grants and RLS decide.
import type { BackendContext } from '../context'
import type { Ctx, Router } from '../http/router'
import { callFunction } from './rpc'
import { readTable } from './read'
import { prepare } from './request'
import { deleteRows, insertRows, updateRows } from './write'

type RestHandler = (ctx: BackendContext, rq: ReturnType<typeof prepare>, name: string) => Promise<void>

export function registerRest(router: Router, ctx: BackendContext): void {
  const route = (handler: RestHandler, param: string) => (http: Ctx) =>
    handler(ctx, prepare(ctx, http), http.params[param]!)
  router
    .on('GET', '/rest/v1/rpc/:fn', route(callFunction, 'fn'))
    .on('POST', '/rest/v1/rpc/:fn', route(callFunction, 'fn'))
    .on('GET', '/rest/v1/:table', route(readTable, 'table'))
    .on('POST', '/rest/v1/:table', route(insertRows, 'table'))
    .on('PATCH', '/rest/v1/:table', route(updateRows, 'table'))
    .on('DELETE', '/rest/v1/:table', route(deleteRows, 'table'))
}
