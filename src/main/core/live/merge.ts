// Which buffered live DELETEs a catch-up already reflects. A live DELETE carries only the id (the
// tombstone's seq is not in the event), so it cannot be deduplicated by (table, id, seq). It is
// reflected when the catch-up ran after it: the catch-up then holds its tombstone, or a version of the
// row that the buffer shows arriving after the delete (a re-insert). Applying such a delete again would
// remove the re-inserted row.
import type { ParsedChange } from './live-state'

const entity = (c: ParsedChange): string => `${c.table}\u0000${c.id}`

/** Indexes into `buffer` of seq-less deletes that `caughtUp` already covers. */
export function coveredDeletes(
  buffer: readonly ParsedChange[],
  caughtUp: readonly ParsedChange[],
): Set<number> {
  const tombstones = new Map<string, number>()
  const caughtUpSeq = new Map<string, number>()
  for (const c of caughtUp) {
    const k = entity(c)
    if (c.type === 'remove') tombstones.set(k, (tombstones.get(k) ?? 0) + 1)
    else caughtUpSeq.set(k, Math.max(caughtUpSeq.get(k) ?? -1, c.seq))
  }
  // For each position, the seq of the next buffered upsert of the same entity (seqs rise in commit order).
  const nextUpsert = new Array<number | undefined>(buffer.length)
  const upcoming = new Map<string, number>()
  for (let i = buffer.length - 1; i >= 0; i--) {
    const c = buffer[i] as ParsedChange
    nextUpsert[i] = upcoming.get(entity(c))
    if (c.type === 'upsert') upcoming.set(entity(c), c.seq)
  }
  const covered = new Set<number>()
  buffer.forEach((c, i) => {
    if (c.type !== 'remove' || c.seq !== undefined) return
    const k = entity(c)
    const remaining = tombstones.get(k) ?? 0
    const after = nextUpsert[i]
    if (remaining > 0) {
      tombstones.set(k, remaining - 1)
      covered.add(i)
    } else if (after !== undefined && after <= (caughtUpSeq.get(k) ?? -1)) {
      covered.add(i)
    }
  })
  return covered
}
