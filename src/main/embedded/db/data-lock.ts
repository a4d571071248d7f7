// One backend per data folder. PGlite is a single-process Postgres with no postmaster to refuse a second
// opener, so two backends on one folder silently overwrite each other's pages. The lock is a file created
// with O_EXCL holding the owner's pid (and, on Linux, the owner's start time, so a recycled pid is not
// mistaken for the owner). A lock left by a process that is gone is taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { DataFolderError, LOCK_FILE } from './data-folder'

interface Holder {
  pid: number
  /** Process start time in clock ticks since boot (/proc/<pid>/stat field 22); null where unknown. */
  started: string | null
  host: string
}

export interface DataLock {
  release(): void
}

export function lockDataFolder(dir: string): DataLock {
  const file = join(dir, LOCK_FILE)
  const me: Holder = { pid: process.pid, started: startTime(process.pid), host: hostname() }
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, me)) return holdUntilExit(file, me)
    const text = readOrNull(file)
    if (text === null) continue // released meanwhile: try again
    const holder = parseHolder(text)
    if (holder && alive(holder)) {
      throw new DataFolderError(
        'locked',
        `The data folder ${dir} is in use by another Floorwatch backend (pid ${holder.pid}). ` +
          'Stop that one first, or point --data at another folder.',
      )
    }
    // Stale: remove it only if it is still the same stale lock (another starter may have replaced it).
    if (readOrNull(file) === text) unlinkQuietly(file)
  }
  throw new DataFolderError(
    'locked',
    `The data folder ${dir} is being opened by another Floorwatch backend at the same time; try again.`,
  )
}

function tryCreate(file: string, me: Holder): boolean {
  try {
    writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o600 })
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
}

function holdUntilExit(file: string, me: Holder): DataLock {
  let held = true
  const release = (): void => {
    if (!held) return
    held = false
    process.off('exit', release)
    // Never remove a lock that is no longer ours.
    const text = readOrNull(file)
    if (text && parseHolder(text)?.pid === me.pid) unlinkQuietly(file)
  }
  process.on('exit', release)
  return { release }
}

function parseHolder(text: string): Holder | null {
  try {
    const h = JSON.parse(text) as Partial<Holder>
    return typeof h.pid === 'number'
      ? { pid: h.pid, started: h.started ?? null, host: h.host ?? hostname() }
      : null
  } catch {
    return null // a torn write: its writer died mid-way, so the lock is stale
  }
}

function alive(holder: Holder): boolean {
  // A lock from another machine (a shared folder) cannot be checked: respect it.
  if (holder.host !== hostname()) return true
  if (holder.pid === process.pid) return true
  try {
    process.kill(holder.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const started = startTime(holder.pid)
  return holder.started === null || started === null || started === holder.started
}

function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // already gone
  }
}
