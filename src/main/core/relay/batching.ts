// Measuring and cutting relay batches. Sizes are UTF-8 bytes of the JSON that IPC or a socket will carry.
import type { Delta, DeltaBatch } from '../../../shared/domain/delta'

/** `{"reset":false,"deltas":[]}` around the deltas: counted so a whole batch stays within the limit. */
export const ENVELOPE_BYTES = 28

/** UTF-8 length of a string without allocating a buffer. */
export function utf8Bytes(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

export interface Sized {
  delta: Delta
  bytes: number
}

export interface SizedBatch {
  batch: DeltaBatch
  /** Upper bound of the batch's JSON size in bytes. */
  bytes: number
}

export const sized = (delta: Delta): Sized => ({ delta, bytes: utf8Bytes(JSON.stringify(delta)) })

/**
 * Splits deltas into batches of at most `maxBytes` of JSON each; a single larger delta travels alone.
 * With `snapshot`, the first batch carries reset: true (and exists even when there are no deltas).
 */
export function splitBatches(items: readonly Sized[], maxBytes: number, snapshot: boolean): SizedBatch[] {
  const out: SizedBatch[] = []
  let current: Delta[] = []
  let size = ENVELOPE_BYTES
  const close = (): void => {
    out.push({ batch: { reset: snapshot && out.length === 0, deltas: current }, bytes: size })
    current = []
    size = ENVELOPE_BYTES
  }
  for (const { delta, bytes } of items) {
    if (current.length > 0 && size + 1 + bytes > maxBytes) close()
    size += bytes + (current.length > 0 ? 1 : 0)
    current.push(delta)
  }
  if (current.length > 0 || (snapshot && out.length === 0)) close()
  return out
}
