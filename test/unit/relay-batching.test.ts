// Measuring and cutting relay batches, checked against Node's own UTF-8 encoder and the JSON the batches
// really become: a batch never exceeds its limit, is as full as the limit allows, and says its size.
import { describe, expect, it } from 'vitest'
import type { Delta, DeltaBatch } from '../../src/shared/domain/delta'
import { envelopeBytes, sized, splitBatches, utf8Bytes } from '../../src/main/core/relay/batching'

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8')
const remove = (id: string): Delta => ({ kind: 'remove', table: 'calls', id })

describe('utf8Bytes', () => {
  it.each([
    ['empty', ''],
    ['ASCII up to U+007F', 'abc\u007f'],
    ['two bytes from U+0080 to U+07FF', '\u0080é\u07ff'],
    ['three bytes from U+0800', '\u0800€\ud7ff\ue000\uffff'],
    ['four bytes for a surrogate pair, counted once', 'a😀b𝄞c\u{10000}\u{10ffff}'],
    ['a mix', 'Caller +44 •••• 12 — attente 3 min ✓ 👍'],
  ])('%s: the same count as the encoder', (_name, text) => {
    expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'))
  })
})

describe('envelopeBytes', () => {
  it('is the exact size of an empty batch, with or without its frame', () => {
    expect(envelopeBytes()).toBe(bytesOf({ deltas: [] }))
    const frame = { id: 12, kind: 'snapshot' as const, first: true, last: false, source: 'server' as const }
    expect(envelopeBytes(frame)).toBe(bytesOf({ deltas: [], frame }))
  })
})

describe('splitBatches', () => {
  const deltas = Array.from({ length: 40 }, (_, i) => remove(`call-${i}-${'é'.repeat(i % 7)}`))
  const items = deltas.map(sized)

  it('keeps every delta, in order, and reports each batch’s exact JSON size', () => {
    for (const max of [60, 120, 333, 1_000, 100_000]) {
      const out = splitBatches(items, max)
      expect(out.flatMap((b) => b.batch.deltas)).toEqual(deltas)
      for (const b of out) {
        expect(b.bytes).toBe(bytesOf(b.batch))
        if (b.batch.deltas.length > 1) expect(b.bytes).toBeLessThanOrEqual(max) // else: too big to share
      }
    }
  })

  it('fills each batch as far as the limit allows: the next delta would not have fitted', () => {
    for (const max of [60, 120, 333, 1_000]) {
      const out = splitBatches(items, max)
      for (let i = 0; i + 1 < out.length; i++) {
        const next = out[i + 1]!.batch.deltas[0]!
        expect(bytesOf({ deltas: [...out[i]!.batch.deltas, next] })).toBeGreaterThan(max)
      }
    }
  })

  it('puts deltas that fit exactly into one batch', () => {
    const two = [remove('a'), remove('b')]
    const exact = bytesOf({ deltas: two })
    expect(splitBatches(two.map(sized), exact)).toEqual([{ batch: { deltas: two }, bytes: exact }])
    expect(splitBatches(two.map(sized), exact - 1).map((b) => b.batch.deltas)).toEqual([[two[0]], [two[1]]])
  })

  it('sends a delta larger than the limit alone', () => {
    const big = remove('x'.repeat(500))
    const out = splitBatches([remove('a'), big, remove('b')].map(sized), 100)
    expect(out.map((b) => b.batch.deltas.map((d) => d.id.length))).toEqual([[1], [500], [1]])
    expect(splitBatches([big].map(sized), 100).map((b) => b.batch.deltas)).toEqual([[big]]) // no empty batch first
  })

  it('has no batch for no news, and one first-and-last batch for an empty snapshot', () => {
    expect(splitBatches([], 1_000)).toEqual([])
    const head = { id: 3, kind: 'snapshot' as const }
    const empty = splitBatches([], 1_000, head)
    expect(empty.map((b) => b.batch)).toEqual([{ deltas: [], frame: { ...head, first: true, last: true } }])
  })

  it('frames every batch of a snapshot, first and last marked, each within the limit at its true size', () => {
    const head = { id: 7, kind: 'snapshot' as const, source: 'server' as const }
    const out = splitBatches(items, 200, head)
    expect(out.length).toBeGreaterThan(2)
    expect(out.map((b) => [b.batch.frame?.first, b.batch.frame?.last])).toEqual(
      out.map((_, i) => [i === 0, i === out.length - 1]),
    )
    for (const b of out) {
      expect(b.batch.frame).toMatchObject(head)
      expect(bytesOf(b.batch)).toBeLessThanOrEqual(200)
      // An upper bound: `true` is one byte shorter than `false`, and only first/last differ.
      expect(b.bytes - bytesOf(b.batch)).toBeGreaterThanOrEqual(0)
      expect(b.bytes - bytesOf(b.batch)).toBeLessThanOrEqual(2)
    }
    expect(out.flatMap((b: { batch: DeltaBatch }) => b.batch.deltas)).toEqual(deltas)
  })
})
