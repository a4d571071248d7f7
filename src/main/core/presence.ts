// Who is watching the org: the presence state of its channel as a plain list, oldest first.
import type { Watcher } from './console-types'

interface Meta {
  kind?: unknown
  email?: unknown
  since?: unknown
}

export function watchersFrom(state: Record<string, readonly Meta[]>, selfKey: string): Watcher[] {
  const out: Watcher[] = []
  for (const [id, metas] of Object.entries(state)) {
    const meta = metas[0]
    if (!meta) continue
    out.push({
      key: id,
      kind: meta.kind === 'wallboard' ? 'wallboard' : 'console',
      email: typeof meta.email === 'string' ? meta.email : null,
      since: typeof meta.since === 'string' ? meta.since : '',
      self: id === selfKey,
    })
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
