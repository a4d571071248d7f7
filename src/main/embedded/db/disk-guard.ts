// Keeps Postgres from ever running out of disk. PGlite turns a failed WAL write (a new 16 MB segment that
// does not fit) into a PANIC it cannot recover from: the WebAssembly engine then spins at 100 % CPU on the
// event loop, deaf to every request and signal. So the backend stops writing *before* the disk is full:
// below a reserve, every transaction is read-only (Postgres refuses writes before they reach the WAL), the
// refusal is reported as a clear "disk full" error, and writing resumes by itself once there is room again.
import { diskFullMessage, freeBytes } from './data-folder'

/** Three WAL segments: room for a segment switch plus the relation growth of a burst of writes. */
export const DEFAULT_DISK_RESERVE_BYTES = 48 * 1_048_576
const CHECK_EVERY_MS = 100

export interface DiskState {
  full: boolean
  free: number
}

export class DiskGuard {
  private last: DiskState = { full: false, free: Number.POSITIVE_INFINITY }
  private checkedAt = 0
  private pending: Promise<DiskState> | null = null

  constructor(
    readonly dir: string,
    readonly reserve: number,
    private readonly measure: (dir: string) => Promise<number> = freeBytes,
    private readonly now: () => number = Date.now,
  ) {}

  /** The disk state, measured at most every 100 ms. */
  check(): Promise<DiskState> {
    if (this.now() - this.checkedAt < CHECK_EVERY_MS) return Promise.resolve(this.last)
    return (this.pending ??= this.measure(this.dir)
      .then((free) => (this.last = { full: free < this.reserve, free }))
      .catch(() => this.last)
      .finally(() => {
        this.checkedAt = this.now()
        this.pending = null
      }))
  }

  get state(): DiskState {
    return this.last
  }

  message(): string {
    return diskFullMessage(this.dir, this.last.free, this.reserve)
  }
}

/** The error every refused write surfaces as: SQLSTATE 53100 disk_full, like Postgres's own. */
export class DiskFullError extends Error {
  readonly code = '53100'
  constructor(message: string) {
    super(message)
    this.name = 'DiskFullError'
  }
}
