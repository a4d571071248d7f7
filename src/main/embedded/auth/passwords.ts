// Password hashing for the embedded Auth server: scrypt from node:crypto (GoTrue uses bcrypt; scrypt is
// what Node ships, and the stored string names its parameters so they can be raised later).
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const PARAMS = { N: 16384, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const PREFIX = '$scrypt$'

function derive(password: string, salt: Buffer, params: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { ...params, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

/** `$scrypt$N=16384,r=8,p=1$<salt>$<key>`, both base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, PARAMS, KEY_LENGTH)
  const params = `N=${PARAMS.N},r=${PARAMS.r},p=${PARAMS.p}`
  return `${PREFIX}${params}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

// A stored hash to compare against when the user does not exist, so that "unknown user" costs the same
// time as "wrong password" and does not reveal which emails are registered.
let decoy: Promise<string> | null = null

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parsed = stored ? parse(stored) : null
  if (!parsed) {
    const fallback = parse(await (decoy ??= hashPassword('decoy password')))!
    await derive(password, fallback.salt, fallback.params, fallback.key.length)
    return false
  }
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

function parse(stored: string): { params: ScryptOptions; salt: Buffer; key: Buffer } | null {
  if (!stored.startsWith(PREFIX)) return null
  const [params, salt, key] = stored.slice(PREFIX.length).split('$')
  if (!params || !salt || !key) return null
  const values = Object.fromEntries(params.split(',').map((kv) => kv.split('=') as [string, string]))
  const N = Number(values.N)
  const r = Number(values.r)
  const p = Number(values.p)
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return null
  return { params: { N, r, p }, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') }
}
