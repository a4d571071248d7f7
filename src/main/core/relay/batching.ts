// Measuring and cutting relay batches. Sizes are UTF-8 bytes of the JSON that IPC or a socket will carry.
import type { Delta, DeltaBatch, Frame } from '../../../shared/domain/delta'

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

/** JSON size of a batch with no deltas: `{"deltas":[]}`, or with its frame. */
export function envelopeBytes(frame?: Frame): number {
  return utf8Bytes(JSON.stringify(frame ? { deltas: [], frame } : { deltas: [] }))
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

/** What a framed run of batches is: the relay numbers frames; first and last are set here. */
export type FrameHead = Omit<Frame, 'first' | 'last'>

/**
 * Splits deltas into batches of at most `maxBytes` of JSON each; a single larger delta travels alone.
 * With `frame`, every batch carries it, the first marked first and the last marked last, and a frame
 * exists even with no deltas (an empty snapshot is still a snapshot).
 */
export function splitBatches(items: readonly Sized[], maxBytes: number, frame?: FrameHead): SizedBatch[] {
  // The widest envelope: ids and flags of equal length in every batch of the frame.
  const envelope = envelopeBytes(frame && { ...frame, first: false, last: false })
  const parts: { deltas: Delta[]; bytes: number }[] = []
  let current: Delta[] = []
  let size = envelope
  const close = (): void => {
    parts.push({ deltas: current, bytes: size })
    current = []
    size = envelope
  }
  for (const { delta, bytes } of items) {
    if (current.length > 0 && size + 1 + bytes > maxBytes) close()
    size += bytes + (current.length > 0 ? 1 : 0)
    current.push(delta)
  }
  if (current.length > 0 || (frame && parts.length === 0)) close()
  return parts.map((p, i) => ({
    batch: frame
      ? { deltas: p.deltas, frame: { ...frame, first: i === 0, last: i === parts.length - 1 } }
      : { deltas: p.deltas },
    bytes: p.bytes,
  }))
}
