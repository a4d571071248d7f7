// Who is watching the org: the presence state of its channel as a plain list, oldest first. A console that
// lists the screens it serves (a headless console's supervisors' browsers and wall displays) stands for
// those screens, each with its own kind, and not for itself; any other console stands for itself.
import type { Watcher } from './console-types'

interface Meta {
  kind?: unknown
  email?: unknown
  since?: unknown
  screens?: unknown
}

const kindOf = (v: unknown): Watcher['kind'] => (v === 'wallboard' ? 'wallboard' : 'console')
const textOr = <T>(v: unknown, fallback: T): string | T => (typeof v === 'string' ? v : fallback)

export function watchersFrom(state: Record<string, readonly Meta[]>, selfKey: string): Watcher[] {
  const out: Watcher[] = []
  for (const [id, metas] of Object.entries(state)) {
    const meta = metas[0]
    if (!meta) continue
    const email = textOr(meta.email, null)
    const self = id === selfKey
    if (!Array.isArray(meta.screens)) {
      out.push({ key: id, kind: kindOf(meta.kind), email, since: textOr(meta.since, ''), self })
      continue
    }
    for (const screen of meta.screens as unknown[]) {
      if (typeof screen !== 'object' || screen === null) continue
      const s = screen as Record<string, unknown>
      if (typeof s.key !== 'string') continue
      out.push({
        key: `${id}/${s.key}`,
        kind: kindOf(s.kind),
        // A supervisor's screen shows the console's user; a wall, its device's name.
        email: textOr(s.name, email),
        since: textOr(s.since, ''),
        self,
      })
    }
  }
  return out.sort((a, b) => a.since.localeCompare(b.since) || a.key.localeCompare(b.key))
}

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>()

  add(listener: (value: T) => void): () => void {
    this.set.add(listener)
    return () => this.set.delete(listener)
  }

  /** Calls every listener; one that throws does not stop the others. */
  emit(value: T, onError?: (err: unknown) => void): void {
    for (const l of [...this.set]) {
      try {
        l(value)
      } catch (err) {
        onError?.(err)
      }
    }
  }

  clear(): void {
    this.set.clear()
  }
}
