// One visible row: selects only its own call (and the names it shows), so an update to another call
// never re-renders it; its duration follows the shared ticker.
import { memo } from 'react'
import { callTimes, formatDuration } from '../../../../shared/domain/server-time'
import { useServerNow } from '../../lib/ticker'
import { useFwShallow } from '../../store/react'
import { StatusPill } from '../../components/StatusPill'

export const CallRow = memo(function CallRow({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const { call, queue, agent, campaign } = useFwShallow((s) => {
    const call = s.floor.tables.calls.get(id)
    return {
      call,
      queue: call?.queue_id ? s.floor.tables.queues.get(call.queue_id)?.name : undefined,
      agent: call?.agent_id ? s.floor.tables.agents.get(call.agent_id)?.name : undefined,
      campaign: call?.campaign_id ? s.floor.tables.campaigns.get(call.campaign_id)?.name : undefined,
    }
  })
  const now = useServerNow()
  if (!call) return null
  const t = callTimes(call, now)
  return (
    <>
      <div role="cell" className="vt-td">
        <button
          type="button"
          className="link"
          onClick={(e) => {
            e.stopPropagation()
            onOpen(id)
          }}
        >
          {call.caller_masked}
        </button>
      </div>
      <div role="cell" className="vt-td">
        <StatusPill kind="call" status={call.status} />
      </div>
      <div role="cell" className="vt-td">
        {call.direction === 'inbound' ? '↙ in' : '↗ out'}
      </div>
      <div role="cell" className="vt-td">
        {queue ?? '—'}
      </div>
      <div role="cell" className="vt-td">
        {agent ?? '—'}
      </div>
      <div role="cell" className="vt-td">
        {campaign ?? '—'}
      </div>
      <div role="cell" className="vt-td num value">
        {formatDuration(t.inStatusMs)}
      </div>
      <div role="cell" className="vt-td num value">
        {formatDuration(t.waitMs)}
      </div>
    </>
  )
})
