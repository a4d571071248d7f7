// A call's status history: the milestones its row records (queued, answered, ended) and every status
// change this console saw, in the queue's time zone, labelled.
import { useFw, useFwShallow } from '../../store/react'
import { Dialog } from '../../components/Dialog'
import { StatusPill } from '../../components/StatusPill'
import { clockTime, localZone } from '../../lib/format'
import type { StatusChange } from '../../store/floor-slice'

const NO_HISTORY: readonly StatusChange[] = []

export function CallHistoryDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { call, history, queue } = useFwShallow((s) => {
    const call = s.floor.tables.calls.get(id)
    return {
      call,
      history: s.floor.callHistory.get(id) ?? NO_HISTORY,
      queue: call?.queue_id ? s.floor.tables.queues.get(call.queue_id) : undefined,
    }
  })
  const zoneChoice = useFw((s) => s.settings.zone)
  const zone = zoneChoice === 'queue' && queue ? queue.time_zone : localZone()
  if (!call) {
    return (
      <Dialog title="Call history" onClose={onClose}>
        <p>This call is no longer on the floor.</p>
      </Dialog>
    )
  }
  const milestones = [
    { label: 'Queued', at: call.queued_at },
    { label: 'Answered', at: call.answered_at },
    { label: 'Ended', at: call.ended_at },
  ].filter((m): m is { label: string; at: string } => m.at !== null)
  return (
    <Dialog title={`Call ${call.caller_masked}`} onClose={onClose}>
      <p className="muted">
        {queue?.name ?? 'No queue'} · {call.direction} · times in <abbr title={zone}>{zone}</abbr>
      </p>
      <h3>Milestones</h3>
      <ol className="timeline">
        {milestones.map((m) => (
          <li key={m.label}>
            <time dateTime={m.at}>{clockTime(m.at, zone)}</time> {m.label}
          </li>
        ))}
      </ol>
      <h3>Status changes seen</h3>
      <ol className="timeline">
        {history.map((h, i) => (
          <li key={`${h.status}-${i}`}>
            <time dateTime={h.at}>{clockTime(h.at, zone)}</time> <StatusPill kind="call" status={h.status} />
          </li>
        ))}
      </ol>
    </Dialog>
  )
}
