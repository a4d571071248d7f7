// The pattern the benchmark compares against (bench/ui.ts): every update event copies the whole state and
// re-renders the (sorted) list synchronously. Rows not seen before (the initial snapshot, new calls) are
// added in one go per batch, so the comparison measures live updates, not the first load. Not used by the
// app; loaded only with #bench-naive.
import { useEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import type { RendererApi } from '../../../shared/contract'
import type { Call } from '../../../shared/domain/rows'
import { startsSnapshot } from '../../../shared/domain/delta'

const ROWS = 40

function NaiveCalls({ api }: { api: RendererApi }) {
  const [calls, setCalls] = useState<Record<string, Call>>({})
  const known = useRef(new Set<string>())
  useEffect(
    () =>
      api.onBatch((batch) => {
        if (startsSnapshot(batch)) known.current.clear()
        const fresh: Record<string, Call> = {}
        for (const d of batch.deltas) {
          if (d.table !== 'calls') continue
          if (d.kind === 'remove') {
            known.current.delete(d.id)
            flushSync(() =>
              setCalls((prev) => {
                const next = { ...prev }
                delete next[d.id]
                return next
              }),
            )
          } else if (!known.current.has(d.id)) {
            known.current.add(d.id)
            fresh[d.id] = d.row as Call
          } else {
            flushSync(() => setCalls((prev) => ({ ...prev, [d.id]: d.row as Call })))
          }
        }
        setCalls((prev) => ({ ...(startsSnapshot(batch) ? {} : prev), ...fresh }))
      }),
    [api],
  )
  const list = Object.values(calls).sort((a, b) => a.status_changed_at.localeCompare(b.status_changed_at))
  return (
    <main>
      <h1>Naive calls ({list.length})</h1>
      <NaiveRows calls={list.slice(0, ROWS)} />
    </main>
  )
}

interface Shown {
  id: string
  caller_masked: string
  status: string
  status_changed_at: string
}

/** A table row per call, none virtualised: as both naive baselines render (this one and bench/naive). */
export function NaiveRows({ calls }: { calls: readonly Shown[] }) {
  return (
    <table>
      <tbody>
        {calls.map((c) => (
          <tr key={c.id}>
            <td>{c.caller_masked}</td>
            <td>{c.status}</td>
            <td>{c.status_changed_at}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function mountNaive(root: HTMLElement, api: RendererApi): void {
  createRoot(root).render(<NaiveCalls api={api} />)
}
