// Agents: state, time in state, last heartbeat, idle (> 5 min without a heartbeat while available) and
// long breaks (> 15 min) flagged with icon and words, and the call they are on; sortable by any column.
import { memo, useMemo, useRef, useState } from 'react'
import {
  currentSessions,
  isIdle,
  isLongBreak,
  sortAgents,
  type AgentSortKey,
} from '../../../shared/domain/agents'
import { AGENT_STATUSES, type AgentStatus } from '../../../shared/domain/rows'
import { formatDuration, toMs } from '../../../shared/domain/server-time'
import { StatusPill } from '../components/StatusPill'
import { Empty, Loading } from '../components/StateMessage'
import { VirtualTable, type Column } from '../components/VirtualTable'
import { age } from '../lib/format'
import { useShortcuts } from '../lib/shortcuts'
import { useServerNow } from '../lib/ticker'
import { useFw, useFwShallow } from '../store/react'

const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Agent', width: 'minmax(9rem, 1.2fr)', sortable: true },
  { key: 'team', label: 'Team', width: 'minmax(6rem, 0.8fr)', sortable: true },
  { key: 'state', label: 'State', width: '8.5rem', sortable: true },
  { key: 'in', label: 'In state', width: '6.5rem', sortable: true },
  { key: 'seen', label: 'Last heartbeat', width: '8rem', sortable: true },
  { key: 'idle', label: 'Flag', width: '9.5rem' },
  { key: 'call', label: 'Current call', width: 'minmax(9rem, 1fr)' },
]

const AgentRow = memo(function AgentRow({ sessionId }: { sessionId: string }) {
  const { session, agent, call } = useFwShallow((s) => {
    const session = s.floor.tables.agent_sessions.get(sessionId)
    return {
      session,
      agent: session ? s.floor.tables.agents.get(session.agent_id) : undefined,
      call: session?.current_call_id ? s.floor.tables.calls.get(session.current_call_id) : undefined,
    }
  })
  const now = useServerNow()
  if (!session) return null
  const idle = isIdle(session, now)
  const longBreak = isLongBreak(session, now)
  return (
    <>
      <div role="cell" className="vt-td">
        {agent?.name ?? 'Unknown agent'}
      </div>
      <div role="cell" className="vt-td">
        {agent?.team ?? '—'}
      </div>
      <div role="cell" className="vt-td">
        <StatusPill kind="agent" status={session.status} />
      </div>
      <div role="cell" className="vt-td num value">
        {formatDuration(now - toMs(session.status_since))}
      </div>
      <div role="cell" className="vt-td value">
        {age(now - toMs(session.last_seen_at))}
      </div>
      <div role="cell" className="vt-td">
        {idle ? (
          <span className="pill pill-warning pill-plain">
            <span aria-hidden="true">⚑ </span>idle &gt; 5 min
          </span>
        ) : longBreak ? (
          <span className="pill pill-warning pill-plain">
            <span aria-hidden="true">◐ </span>break &gt; 15 min
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="cell" className="vt-td">
        {call ? `${call.caller_masked} (${call.status.replace('_', ' ')})` : '—'}
      </div>
    </>
  )
})

export function AgentsView() {
  const sessions = useFw((s) => s.floor.tables.agent_sessions)
  const agents = useFw((s) => s.floor.tables.agents)
  const loaded = useFw((s) => s.floor.loaded)
  const [status, setStatus] = useState<AgentStatus | 'all'>('all')
  const [search, setSearch] = useState('')
  const [sort, setSort] = useState<{ key: AgentSortKey; dir: 'asc' | 'desc' }>({ key: 'name', dir: 'asc' })
  const onSort = (key: string) =>
    setSort((s) => ({
      key: key as AgentSortKey,
      dir: s.key === key && s.dir === 'asc' ? 'desc' : 'asc',
    }))
  const input = useRef<HTMLInputElement>(null)
  useShortcuts({ 'agents:search': () => input.current?.focus() })
  const ids = useMemo(() => {
    const needle = search.trim().toLowerCase()
    const rows = currentSessions(sessions.values())
      .filter((s) => status === 'all' || s.status === status)
      .map((s) => {
        const agent = agents.get(s.agent_id)
        return { s, name: agent?.name ?? '', team: agent?.team ?? '' }
      })
      .filter((x) => !needle || x.name.toLowerCase().includes(needle))
    return sortAgents(rows, sort.key, sort.dir).map((x) => x.s.id)
  }, [sessions, agents, status, search, sort])
  return (
    <section className="view view-agents" aria-labelledby="agents-title">
      <div className="view-toolbar">
        <h2 id="agents-title">Agents</h2>
        <label className="field-inline">
          Search
          <input ref={input} type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="field-inline">
          State
          <select value={status} onChange={(e) => setStatus(e.target.value as AgentStatus | 'all')}>
            <option value="all">All</option>
            {AGENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <span className="count">{ids.length} agents</span>
      </div>
      {!loaded ? (
        <Loading what="agents" />
      ) : ids.length === 0 ? (
        <Empty>{sessions.size === 0 ? 'No agent is logged in.' : 'No agent matches.'}</Empty>
      ) : (
        <VirtualTable
          label="Agents"
          columns={COLUMNS}
          ids={ids}
          sort={sort}
          onSort={onSort}
          renderRow={(id) => <AgentRow sessionId={id} />}
        />
      )}
    </section>
  )
}
