// Shared set-up for the REST tests: users with memberships in an org, and clients acting as them.
import WebSocket from 'ws'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import type { Backend } from '../../src/main/embedded/backend'

export interface Member {
  orgId: string
  userId: string
  token: string
  client: SupabaseClient
}

/** The unmodified client signed in as `token` (as an app using a third-party access token would be). */
export function clientWithToken(backend: Backend, token: string): SupabaseClient {
  return createClient(backend.url, backend.anonKey, {
    accessToken: async () => token,
    realtime: { transport: WebSocket as never },
  })
}

export async function createOrg(backend: Backend, name: string): Promise<string> {
  const { rows } = await backend.ctx.db.query<{ id: string }>(
    'insert into public.orgs (name) values ($1) returning id',
    [name],
  )
  return rows[0]!.id
}

export async function createMember(
  backend: Backend,
  orgId: string,
  role: 'supervisor' | 'wallboard' | 'admin',
  email: string,
): Promise<Member> {
  const { db } = backend.ctx
  const { rows } = await db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
    email,
  ])
  const userId = rows[0]!.id
  await db.query('insert into public.memberships (org_id, user_id, role) values ($1, $2, $3)', [
    orgId,
    userId,
    role,
  ])
  const nowSec = Math.floor(Date.now() / 1000)
  const token = backend.ctx.sign({
    role: 'authenticated',
    sub: userId,
    aud: 'authenticated',
    exp: nowSec + 3600,
  })
  return { orgId, userId, token, client: clientWithToken(backend, token) }
}

/** A raw request, for what supabase-js cannot express (malformed bodies, odd headers). */
export function rawRest(
  backend: Backend,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; token?: string } = {},
): Promise<Response> {
  const token = init.token ?? backend.serviceRoleKey
  return fetch(`${backend.url}/rest/v1/${path}`, {
    method: init.method ?? 'GET',
    headers: { apikey: backend.anonKey, Authorization: `Bearer ${token}`, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  })
}

/** The `code` of a PostgREST-shaped error body. */
export async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { code: string }).code
}
