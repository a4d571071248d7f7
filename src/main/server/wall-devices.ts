// The headless console's wall display devices: each has a name and its own token, shown once when it is
// made; only the token's SHA-256 is kept (in a JSON file, written atomically). A revoked device stays listed
// (when and which) and its token is refused from the moment of revocation.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { IssuedWallToken, WallDevice } from '../../shared/walls'

interface Stored {
  id: string
  name: string
  hash: string
  createdAt: string
  revokedAt: string | null
  lastSeenAt: string | null
}

export type TokenMatch = { device: Stored; revoked: boolean } | null

const hash = (token: string) => createHash('sha256').update(token).digest('hex')
const TOKEN_PREFIX = 'fw_wall_'

export class WallDevices {
  private devices: Stored[] = []

  /** `file` null keeps the devices in memory only (tests, a console without a state folder). */
  constructor(
    private readonly file: string | null,
    private readonly now: () => number = Date.now,
  ) {
    if (file) this.devices = load(file)
  }

  list(connected: (id: string) => number = () => 0): WallDevice[] {
    return this.devices.map((d) => view(d, connected(d.id)))
  }

  create(name: string): IssuedWallToken {
    const clash = this.devices.find((d) => !d.revokedAt && d.name.toLowerCase() === name.toLowerCase())
    if (clash) throw new Error(`A wall display named "${name}" already exists: pick another name.`)
    const token = TOKEN_PREFIX + randomBytes(24).toString('base64url')
    const d: Stored = {
      id: randomUUID(),
      name,
      hash: hash(token),
      createdAt: new Date(this.now()).toISOString(),
      revokedAt: null,
      lastSeenAt: null,
    }
    this.devices.push(d)
    this.save()
    return { device: view(d, 0), token }
  }

  rename(id: string, name: string): WallDevice {
    const d = this.get(id)
    d.name = name
    this.save()
    return view(d, 0)
  }

  revoke(id: string): WallDevice {
    const d = this.get(id)
    if (!d.revokedAt) d.revokedAt = new Date(this.now()).toISOString()
    this.save()
    return view(d, 0)
  }

  /** The device a token belongs to, revoked or not; null for a token that was never issued here. */
  match(token: string): TokenMatch {
    const given = Buffer.from(hash(token), 'hex')
    const d = this.devices.find((x) => timingSafeEqual(Buffer.from(x.hash, 'hex'), given))
    return d ? { device: d, revoked: d.revokedAt !== null } : null
  }

  seen(id: string): void {
    const d = this.devices.find((x) => x.id === id)
    if (d) d.lastSeenAt = new Date(this.now()).toISOString()
  }

  private get(id: string): Stored {
    const d = this.devices.find((x) => x.id === id)
    if (!d) throw new Error(`No wall display with id ${id}.`)
    return d
  }

  private save(): void {
    if (!this.file) return
    mkdirSync(dirname(this.file), { recursive: true })
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify({ version: 1, devices: this.devices }, null, 2), { mode: 0o600 })
    renameSync(tmp, this.file)
  }
}

function view(d: Stored, connected: number): WallDevice {
  const { hash: _hash, ...rest } = d
  return { ...rest, connected }
}

function load(file: string): Stored[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  const parsed = JSON.parse(text) as { version?: unknown; devices?: unknown }
  if (parsed.version !== 1 || !Array.isArray(parsed.devices)) {
    throw new Error(`${file} is not a Floorwatch wall display list (version 1); move it aside.`)
  }
  return (parsed.devices as Stored[]).filter(
    (d) => typeof d.id === 'string' && typeof d.name === 'string' && /^[0-9a-f]{64}$/.test(d.hash),
  )
}
