// What every part of the embedded backend is given: the database, the keys, the settings, a clock.
import { randomBytes } from 'node:crypto'
import type { Database } from './db/database'
import { signJwt, verifyJwt, type JwtClaims, type JwtResult } from './jwt'

export interface RealtimeLimits {
  /** Channels one socket may join (real server: 100). */
  maxChannelsPerClient: number
  /** Broadcast/presence payload limit in bytes (real server: 3000 KB). */
  maxPayloadBytes: number
  /** Presence track/untrack calls per channel per window (real server: 5 per 30 s); 0 = unlimited. */
  presenceCallsPerWindow: number
  presenceWindowMs: number
  /** Messages per second per tenant before `Too many messages per second` (real: 100 on Free); 0 = off. */
  maxEventsPerSecond: number
  /** Pause before refusing a WebSocket upgrade (real server: CONNECT_ERROR_BACKOFF_MS = 2 s). */
  connectErrorDelayMs: number
  /** Pause before any channel join error reply (real server: CHANNEL_ERROR_BACKOFF_MS = 5 s). */
  joinErrorDelayMs: number
  /** Longest wait between two checks of a channel's token expiry (real server: 5 min). */
  tokenCheckIntervalMs: number
  /** Largest WebSocket frame accepted; larger frames close the socket with 1009 (real server: 5,000,000). */
  maxFrameBytes: number
  /**
   * Bytes one socket may have queued and unsent before it is dropped as a slow consumer (real server: the
   * transport process' max heap, WEBSOCKET_MAX_HEAP_SIZE = 50,000,000, past which it is killed).
   */
  maxSendBufferBytes: number
  /** A socket that sends nothing (not even a heartbeat) for this long is closed (Phoenix: 60 s). */
  idleTimeoutMs: number
  /** postgres_changes bindings one join may carry (embedded only: each costs catalog queries). */
  maxBindingsPerJoin: number
  /** Bytes of presence payloads tracked on one topic, all members together. */
  maxPresenceBytesPerTopic: number
}

/** GoTrue settings the embedded Auth server honours (names follow GoTrue's GOTRUE_* variables). */
export interface AuthSettings {
  /** GOTRUE_DISABLE_SIGNUP inverted: whether POST /signup creates users. */
  signupEnabled: boolean
  /** GOTRUE_MAILER_AUTOCONFIRM: new users are confirmed at once (no mail server here). */
  autoconfirm: boolean
  /** GOTRUE_PASSWORD_MIN_LENGTH (real default 6). */
  minPasswordLength: number
  /** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL (real default 10 s). */
  refreshTokenReuseIntervalSeconds: number
  /** Password attempts allowed per email per window before 429 `over_request_rate_limit`; 0 = off. */
  passwordAttemptsPerWindow: number
  passwordWindowSeconds: number
}

export interface BackendConfig {
  /** Lifetime of access tokens issued by Auth, in seconds. */
  jwtExpirySeconds: number
  auth: AuthSettings
  realtime: RealtimeLimits
}

export interface Keys {
  jwtSecret: string
  anonKey: string
  serviceRoleKey: string
}

export interface Logger {
  info(msg: string, extra?: unknown): void
  warn(msg: string, extra?: unknown): void
  error(msg: string, extra?: unknown): void
}

export interface BackendContext {
  db: Database
  keys: Keys
  config: BackendConfig
  log: Logger
  /** Milliseconds since the epoch; injectable for tests. */
  now(): number
  /** Verifies a token the way Realtime and PostgREST do (API keys included). */
  verify(token: string): JwtResult
  /** Signs claims with the project secret. */
  sign(claims: JwtClaims): string
}

export const DEFAULT_CONFIG: BackendConfig = {
  jwtExpirySeconds: 3600,
  auth: {
    signupEnabled: true,
    autoconfirm: true,
    minPasswordLength: 6,
    refreshTokenReuseIntervalSeconds: 10,
    passwordAttemptsPerWindow: 30,
    passwordWindowSeconds: 300,
  },
  realtime: {
    maxChannelsPerClient: 100,
    maxPayloadBytes: 3000 * 1024 + 500,
    presenceCallsPerWindow: 0,
    presenceWindowMs: 30_000,
    maxEventsPerSecond: 0,
    connectErrorDelayMs: 2000,
    joinErrorDelayMs: 5000,
    tokenCheckIntervalMs: 5 * 60_000,
    maxFrameBytes: 5_000_000,
    maxSendBufferBytes: 50_000_000,
    idleTimeoutMs: 60_000,
    maxBindingsPerJoin: 100,
    maxPresenceBytesPerTopic: 10_000_000,
  },
}

const TEN_YEARS = 10 * 365 * 24 * 3600

export async function loadKeys(db: Database, given?: string): Promise<Keys> {
  await db.exec(`create schema if not exists _embedded;
    revoke all on schema _embedded from public;
    create table if not exists _embedded.settings (key text primary key, value text not null);`)
  let secret = given
  if (!secret) {
    const row = await db.query<{ value: string }>(
      "select value from _embedded.settings where key = 'jwt_secret'",
    )
    secret = row.rows[0]?.value
  }
  if (!secret) secret = randomBytes(32).toString('base64url')
  await db.query(
    "insert into _embedded.settings (key, value) values ('jwt_secret', $1) on conflict (key) do update set value = excluded.value",
    [secret],
  )
  // Far-future API keys, like a Supabase project's legacy anon/service_role keys. Deterministic for a
  // given secret, so a console keeps working across backend restarts on the same data folder.
  const iat = 1_763_683_200
  return {
    jwtSecret: secret,
    anonKey: signJwt({ iss: 'supabase-demo', role: 'anon', iat, exp: iat + TEN_YEARS }, secret),
    serviceRoleKey: signJwt(
      { iss: 'supabase-demo', role: 'service_role', iat, exp: iat + TEN_YEARS },
      secret,
    ),
  }
}

export function createContext(
  db: Database,
  keys: Keys,
  config: BackendConfig,
  log: Logger,
  now = Date.now,
): BackendContext {
  return {
    db,
    keys,
    config,
    log,
    now,
    sign: (claims) => signJwt(claims, keys.jwtSecret),
    verify: (token) => verifyJwt(token, keys.jwtSecret, Math.floor(now() / 1000)),
  }
}

export const consoleLogger = (prefix = '[embedded]'): Logger => ({
  info: (m, e) => (e === undefined ? console.log(prefix, m) : console.log(prefix, m, e)),
  warn: (m, e) => (e === undefined ? console.warn(prefix, m) : console.warn(prefix, m, e)),
  error: (m, e) => (e === undefined ? console.error(prefix, m) : console.error(prefix, m, e)),
})
