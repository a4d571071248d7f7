// The data folder as files: what it is before anything is written to it (new, a Floorwatch database, or
// something we must not touch), who owns it (an exclusive lock naming the holder's pid), who may read it
// (0700 folders, 0600 files: it holds password hashes, refresh tokens and the JWT secret), and how much room
// is left on its disk.
import { chmod, lstat, mkdir, readdir, statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { findDamagedPage } from './page-check'

export const LOCK_FILE = 'floorwatch.lock'
/** What a PGlite data folder always has; a folder with any of these but no PG_VERSION is damaged. */
const CLUSTER_ENTRIES = ['base', 'global', 'pg_wal', 'pg_xact', 'pg_control', 'postgresql.conf']

/** A refusal to use a data folder; the message names the folder and says what to do. */
export class DataFolderError extends Error {
  constructor(
    readonly reason: 'not-a-database' | 'damaged' | 'locked' | 'disk-full',
    message: string,
  ) {
    super(message)
    this.name = 'DataFolderError'
  }
}

export type FolderKind = 'new' | 'database'

/** Looks without writing. A folder that is neither new nor a database is refused. */
export async function inspectDataFolder(dir: string): Promise<FolderKind> {
  let entries: string[]
  try {
    entries = (await readdir(dir)).filter((e) => e !== LOCK_FILE)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'new'
    throw err
  }
  if (entries.length === 0) return 'new'
  if (entries.includes('PG_VERSION')) return 'database'
  const cluster = entries.filter((e) => CLUSTER_ENTRIES.includes(e))
  if (cluster.length > 0) {
    throw new DataFolderError(
      'damaged',
      `The data folder ${dir} looks like a Floorwatch database but has no PG_VERSION file, so it is damaged. ` +
        'Nothing in it was changed. Restore it from a backup (or put PG_VERSION back), or point --data at ' +
        'another folder.',
    )
  }
  throw new DataFolderError(
    'not-a-database',
    `The data folder ${dir} is not empty and is not a Floorwatch database (it holds ${describe(entries)}). ` +
      'Nothing in it was changed. Point --data at an empty or new folder.',
  )
}

function describe(entries: string[]): string {
  const shown = entries.slice(0, 3).map((e) => `"${e}"`)
  return entries.length > 3 ? `${shown.join(', ')} and ${entries.length - 3} more` : shown.join(', ')
}

/** Creates the folder (0700) if needed; its parents keep the default mode. */
export async function createDataFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
}

/** Refuses a database whose pages fail their checksums, before anything touches it. */
export async function verifyPages(dir: string): Promise<void> {
  const damage = await findDamagedPage(dir)
  if (!damage) return
  throw new DataFolderError(
    'damaged',
    `The data folder ${dir} is damaged: block ${damage.block} of ${damage.file} fails its checksum. ` +
      'Nothing in it was changed. Restore it from a backup, or move it aside to start afresh.',
  )
}

/** Owner-only access for the folder and everything in it (the initial image unpacks files as 0666). */
export async function restrictPermissions(dir: string): Promise<void> {
  const walk = async (path: string): Promise<void> => {
    const info = await lstat(path)
    if (info.isSymbolicLink()) return
    if (info.isDirectory()) {
      if ((info.mode & 0o777) !== 0o700) await chmod(path, 0o700)
      for (const name of await readdir(path)) await walk(join(path, name))
    } else if ((info.mode & 0o777) !== 0o600) {
      await chmod(path, 0o600)
    }
  }
  await walk(dir)
}

/** Bytes an unprivileged writer may still use on the disk holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir)
  return Number(s.bavail) * Number(s.bsize)
}

export const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`

export function diskFullMessage(dir: string, free: number, reserve: number): string {
  return (
    `disk full: ${mb(free)} free on the disk holding ${dir}; Floorwatch stops writing below ${mb(reserve)} ` +
    'so that nothing already saved is lost. Free some space: writes resume by themselves.'
  )
}

/** Refuses to open on a disk too full for Postgres to start, with a message that keeps the data safe. */
export async function checkRoomToOpen(dir: string, reserve: number): Promise<void> {
  const free = await freeBytes(dir)
  if (free >= reserve) return
  throw new DataFolderError(
    'disk-full',
    `The disk holding the data folder ${dir} is full (${mb(free)} free; Floorwatch needs ${mb(reserve)} to ` +
      'start safely). The data in the folder is intact and was not changed: free some space and start again.',
  )
}
