// auth.users rows and the JSON shape GoTrue gives them (`GET /user`, and `user` in token responses).
import type { BackendContext } from '../context'

type Queryable = Pick<BackendContext['db'], 'query'>

export interface UserRow {
  id: string
  aud: string
  role: string
  email: string | null
  encrypted_password: string | null
  email_confirmed_at: Date | null
  last_sign_in_at: Date | null
  raw_app_meta_data: Record<string, unknown>
  raw_user_meta_data: Record<string, unknown>
  created_at: Date
  updated_at: Date
}

export interface OrgMembership {
  org_id: string
  role: string
}

const COLUMNS = `id, aud, role, email, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at`

export const normaliseEmail = (email: string): string => email.trim().toLowerCase()

// Deliberately loose, like GoTrue's own check: something@something, no spaces, sane length.
export const isValidEmail = (email: string): boolean => email.length <= 255 && /^[^\s@]+@[^\s@]+$/.test(email)

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where lower(email) = $1`, [
    normaliseEmail(email),
  ])
  return rows[0] ?? null
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  if (!isUuid(id)) return null
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where id = $1`, [id])
  return rows[0] ?? null
}

export async function insertUser(
  db: Queryable,
  user: { id?: string; email: string; hash: string; metadata: Record<string, unknown>; confirmed: boolean },
): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (id, email, encrypted_password, raw_user_meta_data, email_confirmed_at)
     values (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4::jsonb, case when $5 then now() end)
     returning ${COLUMNS}`,
    [user.id ?? null, normaliseEmail(user.email), user.hash, JSON.stringify(user.metadata), user.confirmed],
  )
  return rows[0]!
}

export async function orgMemberships(db: Queryable, userId: string): Promise<OrgMembership[]> {
  const { rows } = await db.query<OrgMembership>(
    'select org_id::text as org_id, role from public.memberships where user_id = $1 order by created_at, org_id',
    [userId],
  )
  return rows
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

export function userJson(user: UserRow): Record<string, unknown> {
  const email = user.email ?? ''
  const identity = {
    identity_id: user.id,
    id: user.id,
    user_id: user.id,
    identity_data: { email, email_verified: !!user.email_confirmed_at, phone_verified: false, sub: user.id },
    provider: 'email',
    last_sign_in_at: iso(user.last_sign_in_at),
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    email,
  }
  return {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email,
    email_confirmed_at: iso(user.email_confirmed_at),
    phone: '',
    confirmed_at: iso(user.email_confirmed_at),
    last_sign_in_at: iso(user.last_sign_in_at),
    app_metadata: user.raw_app_meta_data,
    user_metadata: user.raw_user_meta_data,
    identities: [identity],
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: false,
  }
}

export const isUuid = (s: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
