// The embedded Auth server: the GoTrue subset supabase-js uses (see reference §8), HS256 tokens signed
// with the project secret, sessions and rotating refresh tokens in auth.sessions / auth.refresh_tokens.
import type { Router, Ctx } from '../http/router'
import type { BackendContext } from '../context'
import { sendAuth } from './errors'
import { AuthHandlers, registerUser } from './handlers'
import { requireApiKey } from './requests'

export function registerAuth(router: Router, ctx: BackendContext): void {
  const h = new AuthHandlers(ctx)
  const gated =
    (handler: (r: Ctx) => Promise<void> | void) =>
    async (r: Ctx): Promise<void> => {
      requireApiKey(ctx, r)
      await handler(r)
    }
  router.on('POST', '/auth/v1/token', gated(h.token))
  router.on('POST', '/auth/v1/signup', gated(h.signup))
  router.on('GET', '/auth/v1/user', gated(h.getUser))
  router.on('PUT', '/auth/v1/user', gated(h.putUser))
  router.on('POST', '/auth/v1/logout', gated(h.logout))
  router.on(
    'GET',
    '/auth/v1/settings',
    gated((r) => sendAuth(r.res, 200, authSettings(ctx))),
  )
  // Only HS256 here: no public keys to publish, so getClaims() verifies through GET /user.
  router.on('GET', '/auth/v1/.well-known/jwks.json', (r) => sendAuth(r.res, 200, { keys: [] }))
  router.on('GET', '/auth/v1/health', (r) =>
    sendAuth(r.res, 200, {
      version: 'floorwatch-embedded',
      name: 'GoTrue',
      description: 'GoTrue is a user registration and authentication API',
    }),
  )
}

function authSettings(ctx: BackendContext): Record<string, unknown> {
  const off = ['anonymous_users', 'apple', 'azure', 'github', 'gitlab', 'google', 'phone', 'saml', 'sso']
  return {
    external: { email: true, ...Object.fromEntries(off.map((p) => [p, false])) },
    disable_signup: !ctx.config.auth.signupEnabled,
    mailer_autoconfirm: ctx.config.auth.autoconfirm,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
  }
}

/** Creates a confirmed user, as the dashboard or the admin API would (the demo seed uses it). */
export async function createUser(
  ctx: BackendContext,
  user: { email: string; password: string; userMetadata?: Record<string, unknown>; id?: string },
): Promise<{ id: string }> {
  const row = await registerUser(ctx, {
    id: user.id,
    email: user.email,
    password: user.password,
    metadata: user.userMetadata ?? {},
    confirmed: true,
  })
  return { id: row.id }
}
