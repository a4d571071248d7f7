// Sessions and refresh-token rotation, as GoTrue does them: every refresh swaps the presented token for
// a child; a revoked token presented again within the reuse interval gets the session's current token
// (a client that lost the response retries), later it is treated as theft and the session is revoked.
import { randomBytes } from 'node:crypto'
import type { Transaction } from '../db/database'
import type { BackendContext } from '../context'
import { authError } from './errors'
import { findUserById, isUuid, orgMemberships, userJson, type UserRow } from './users'

export interface TokenResponse {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  expires_at: number
  refresh_token: string
  user: Record<string, unknown>
}

interface SessionRef {
  sessionId: string
  createdAt: Date
}

const newRefreshToken = (): string => randomBytes(24).toString('base64url')

export async function startSession(
  ctx: BackendContext,
  user: UserRow,
  issuer: string,
): Promise<TokenResponse> {
  const { session, token, signedIn } = await ctx.db.transaction(async (tx) => {
    const s = await tx.query<{ id: string; created_at: Date }>(
      'insert into auth.sessions (user_id) values ($1) returning id::text, created_at',
      [user.id],
    )
    const row = s.rows[0]!
    const refresh = newRefreshToken()
    await tx.query('insert into auth.refresh_tokens (token, session_id, user_id) values ($1, $2, $3)', [
      refresh,
      row.id,
      user.id,
    ])
    const u = await tx.query<UserRow>(
      `update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1
       returning id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
                 raw_app_meta_data, raw_user_meta_data, created_at, updated_at`,
      [user.id],
    )
    return { session: { sessionId: row.id, createdAt: row.created_at }, token: refresh, signedIn: u.rows[0]! }
  })
  return tokenResponse(ctx, signedIn, session, token, issuer)
}

interface RefreshRow {
  token: string
  session_id: string
  user_id: string
  revoked: boolean
  updated_at: Date
  session_created_at: Date
}

export async function refreshSession(
  ctx: BackendContext,
  presented: string,
  issuer: string,
): Promise<TokenResponse> {
  const reuseMs = ctx.config.auth.refreshTokenReuseIntervalSeconds * 1000
  const outcome = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<RefreshRow>(
      `select r.token, r.session_id::text, r.user_id::text, r.revoked, r.updated_at, s.created_at as session_created_at
         from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id
        where r.token = $1 for update of r`,
      [presented],
    )
    const row = rows[0]
    if (!row) return { error: 'not_found' as const }
    if (!row.revoked) return { row, token: await rotate(tx, row, new Date(ctx.now())) }
    if (ctx.now() - row.updated_at.getTime() <= reuseMs) {
      const current = await activeToken(tx, row.session_id)
      if (current) return { row, token: current }
    }
    // Reuse outside the interval: someone else may hold this token. End the whole session.
    await tx.query('delete from auth.sessions where id = $1', [row.session_id])
    return { error: 'reused' as const }
  })
  if ('error' in outcome) {
    if (outcome.error === 'reused') {
      throw authError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used')
    }
    throw authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  }
  const user = await findUserById(ctx.db, outcome.row.user_id)
  if (!user) throw authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found')
  const session = { sessionId: outcome.row.session_id, createdAt: outcome.row.session_created_at }
  return tokenResponse(ctx, user, session, outcome.token, issuer)
}

async function rotate(tx: Transaction, row: RefreshRow, now: Date): Promise<string> {
  const child = newRefreshToken()
  // updated_at marks the revocation: the reuse interval is measured from it.
  await tx.query('update auth.refresh_tokens set revoked = true, updated_at = $2 where token = $1', [
    row.token,
    now,
  ])
  await tx.query(
    'insert into auth.refresh_tokens (token, session_id, user_id, parent) values ($1, $2, $3, $4)',
    [child, row.session_id, row.user_id, row.token],
  )
  return child
}

async function activeToken(tx: Transaction, sessionId: string): Promise<string | null> {
  const { rows } = await tx.query<{ token: string }>(
    `select token from auth.refresh_tokens where session_id = $1 and not revoked
      order by created_at desc limit 1`,
    [sessionId],
  )
  return rows[0]?.token ?? null
}

export async function tokenResponse(
  ctx: BackendContext,
  user: UserRow,
  session: SessionRef,
  refreshToken: string,
  issuer: string,
): Promise<TokenResponse> {
  const iat = Math.floor(ctx.now() / 1000)
  const expiresIn = ctx.config.jwtExpirySeconds
  const orgs = await orgMemberships(ctx.db, user.id)
  const accessToken = ctx.sign({
    aud: user.aud || 'authenticated',
    exp: iat + expiresIn,
    iat,
    iss: issuer,
    sub: user.id,
    email: user.email ?? '',
    phone: '',
    // The org list plays the part of a custom access token hook: consoles learn their orgs from the token.
    app_metadata: { ...user.raw_app_meta_data, orgs },
    user_metadata: user.raw_user_meta_data,
    role: user.role || 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: Math.floor(session.createdAt.getTime() / 1000) }],
    session_id: session.sessionId,
    is_anonymous: false,
    org_ids: orgs.map((o) => o.org_id),
  })
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: expiresIn,
    expires_at: iat + expiresIn,
    refresh_token: refreshToken,
    user: userJson(user),
  }
}

export type LogoutScope = 'global' | 'local' | 'others'

export async function endSessions(
  ctx: BackendContext,
  userId: string,
  sessionId: string | null,
  scope: LogoutScope,
): Promise<void> {
  if (scope === 'global' || !sessionId) {
    await ctx.db.query('delete from auth.sessions where user_id = $1', [userId])
  } else if (scope === 'local') {
    await ctx.db.query('delete from auth.sessions where id = $1 and user_id = $2', [sessionId, userId])
  } else {
    await ctx.db.query('delete from auth.sessions where user_id = $1 and id <> $2', [userId, sessionId])
  }
}

export async function sessionExists(ctx: BackendContext, sessionId: string): Promise<boolean> {
  if (!isUuid(sessionId)) return false
  const { rows } = await ctx.db.query('select 1 from auth.sessions where id = $1', [sessionId])
  return rows.length > 0
}
