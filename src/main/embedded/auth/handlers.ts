// The GoTrue endpoints supabase-js calls: token (password, refresh_token), signup, user, logout.
import type { Ctx } from '../http/router'
import type { BackendContext } from '../context'
import { authError, invalidCredentials, sendAuth } from './errors'
import { hashPassword, verifyPassword } from './passwords'
import { SlidingWindowLimiter } from './rate-limit'
import { issuer, jsonBody, requireUser, str } from './requests'
import { endSessions, refreshSession, startSession, type LogoutScope } from './sessions'
import { findUserByEmail, insertUser, isValidEmail, normaliseEmail, userJson, type UserRow } from './users'

export class AuthHandlers {
  private readonly limiter: SlidingWindowLimiter

  constructor(private readonly ctx: BackendContext) {
    const { passwordAttemptsPerWindow, passwordWindowSeconds } = ctx.config.auth
    this.limiter = new SlidingWindowLimiter(passwordAttemptsPerWindow, passwordWindowSeconds * 1000)
  }

  private readonly passwordGrant = async (r: Ctx): Promise<void> => {
    const body = await jsonBody(r)
    const email = str(body.email)
    const phone = str(body.phone)
    if (email && phone) {
      throw authError(
        422,
        'validation_failed',
        'Only an email address or phone number should be provided on login.',
      )
    }
    if (phone) throw authError(400, 'phone_provider_disabled', 'Phone logins are disabled')
    if (!email) throw authError(400, 'validation_failed', 'missing email or phone')
    if (!this.limiter.attempt(normaliseEmail(email), this.ctx.now())) {
      throw authError(429, 'over_request_rate_limit', 'Request rate limit reached')
    }
    const user = await findUserByEmail(this.ctx.db, email)
    const ok = await verifyPassword(str(body.password), user?.encrypted_password)
    if (!user || !ok) throw invalidCredentials()
    if (!user.email_confirmed_at) throw authError(400, 'email_not_confirmed', 'Email not confirmed')
    sendAuth(r.res, 200, await startSession(this.ctx, user, issuer(r)))
  }

  private readonly refreshGrant = async (r: Ctx): Promise<void> => {
    const body = await jsonBody(r)
    const token = str(body.refresh_token)
    if (!token) throw authError(400, 'validation_failed', 'refresh_token required')
    sendAuth(r.res, 200, await refreshSession(this.ctx, token, issuer(r)))
  }

  readonly token = async (r: Ctx): Promise<void> => {
    const grant = r.url.searchParams.get('grant_type')
    if (grant === 'password') return this.passwordGrant(r)
    if (grant === 'refresh_token') return this.refreshGrant(r)
    throw authError(400, 'invalid_credentials', 'unsupported_grant_type')
  }

  readonly signup = async (r: Ctx): Promise<void> => {
    if (!this.ctx.config.auth.signupEnabled) {
      throw authError(422, 'signup_disabled', 'Signups not allowed for this instance')
    }
    const body = await jsonBody(r)
    const email = str(body.email)
    const password = str(body.password)
    if (str(body.phone)) throw authError(400, 'phone_provider_disabled', 'Phone signups are disabled')
    if (!email && !password) {
      throw authError(422, 'anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
    }
    const data = isObject(body.data) ? body.data : {}
    const user = await registerUser(this.ctx, {
      email,
      password,
      metadata: data,
      confirmed: this.ctx.config.auth.autoconfirm,
    })
    if (!user.email_confirmed_at) {
      return sendAuth(r.res, 200, {
        ...userJson(user),
        confirmation_sent_at: new Date(this.ctx.now()).toISOString(),
      })
    }
    sendAuth(r.res, 200, await startSession(this.ctx, user, issuer(r)))
  }

  readonly getUser = async (r: Ctx): Promise<void> => {
    const { user } = await requireUser(this.ctx, r)
    sendAuth(r.res, 200, userJson(user))
  }

  readonly putUser = async (r: Ctx): Promise<void> => {
    const { user } = await requireUser(this.ctx, r)
    const body = await jsonBody(r)
    const updated = await updateUser(this.ctx, user, body)
    sendAuth(r.res, 200, userJson(updated))
  }

  readonly logout = async (r: Ctx): Promise<void> => {
    const scope = r.url.searchParams.get('scope') ?? 'global'
    if (!['global', 'local', 'others'].includes(scope)) {
      throw authError(400, 'validation_failed', `Unsupported logout scope "${scope}"`)
    }
    const { user, sessionId } = await requireUser(this.ctx, r)
    await endSessions(this.ctx, user.id, sessionId, scope as LogoutScope)
    sendAuth(r.res, 204)
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function checkPassword(ctx: BackendContext, password: string): void {
  const min = ctx.config.auth.minPasswordLength
  if (password.length < min) {
    throw authError(422, 'weak_password', `Password should be at least ${min} characters.`, {
      weak_password: { reasons: ['length'] },
    })
  }
}

/** Validates and inserts a user: the rules of GoTrue's signup, shared with the admin-side createUser. */
export async function registerUser(
  ctx: BackendContext,
  input: {
    id?: string
    email: string
    password: string
    metadata: Record<string, unknown>
    confirmed: boolean
  },
): Promise<UserRow> {
  const email = normaliseEmail(input.email)
  if (!isValidEmail(email)) {
    throw authError(400, 'validation_failed', 'Unable to validate email address: invalid format')
  }
  if (!input.password) throw authError(422, 'validation_failed', 'Signup requires a valid password')
  checkPassword(ctx, input.password)
  const exists = (): Error => authError(422, 'user_already_exists', 'User already registered')
  if (await findUserByEmail(ctx.db, email)) throw exists()
  const hash = await hashPassword(input.password)
  try {
    return await insertUser(ctx.db, {
      id: input.id,
      email,
      hash,
      metadata: input.metadata,
      confirmed: input.confirmed,
    })
  } catch (err) {
    // Two signups for one address racing: the unique index decides.
    if ((err as { code?: string }).code === '23505') throw exists()
    throw err
  }
}

async function updateUser(
  ctx: BackendContext,
  user: UserRow,
  body: Record<string, unknown>,
): Promise<UserRow> {
  let hash: string | null = null
  if (typeof body.password === 'string') {
    checkPassword(ctx, body.password)
    if (await verifyPassword(body.password, user.encrypted_password)) {
      throw authError(422, 'same_password', 'New password should be different from the old password.')
    }
    hash = await hashPassword(body.password)
  }
  let email: string | null = null
  if (typeof body.email === 'string' && normaliseEmail(body.email) !== user.email) {
    email = normaliseEmail(body.email)
    if (!isValidEmail(email)) {
      throw authError(400, 'validation_failed', 'Unable to validate email address: invalid format')
    }
    if (await findUserByEmail(ctx.db, email)) {
      throw authError(422, 'email_exists', 'A user with this email address has already been registered')
    }
  }
  const data = isObject(body.data) ? body.data : null
  const { rows } = await ctx.db.query<UserRow>(
    `update auth.users set
       encrypted_password = coalesce($2, encrypted_password),
       email = coalesce($3, email),
       -- GoTrue merges metadata: given keys replace, keys given as null are removed.
       raw_user_meta_data = case when $4::jsonb is null then raw_user_meta_data
         else jsonb_strip_nulls(raw_user_meta_data || $4::jsonb) end,
       updated_at = now()
     where id = $1
     returning id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
               raw_app_meta_data, raw_user_meta_data, created_at, updated_at`,
    [user.id, hash, email, data ? JSON.stringify(data) : null],
  )
  return rows[0] ?? user
}
