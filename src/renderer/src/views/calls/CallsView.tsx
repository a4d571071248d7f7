// Live calls: filter, search and sort over every call, in a virtualised table. The order is recomputed at
// most a few times a second (re-sorting 10,000 rows every frame would cost the frame); each visible row
// still shows its call's latest state every frame.
import { useMemo, useRef, useState } from 'react'
import { CALL_STATUSES } from '../../../../shared/domain/rows'
import { VirtualTable, type Column } from '../../components/VirtualTable'
import { Empty, Loading } from '../../components/StateMessage'
import { useThrottled } from '../../lib/throttle'
import { useShortcuts } from '../../lib/shortcuts'
import { useFw } from '../../store/react'
import { CallRow } from './CallRow'
import { CallHistoryDialog } from './CallHistoryDialog'
import { DEFAULT_QUERY, selectCallIds, type CallQuery, type CallSortKey } from './call-list'

const COLUMNS: readonly Column[] = [
  { key: 'caller', label: 'Caller', width: 'minmax(8rem, 1.1fr)', sortable: true },
  { key: 'status', label: 'Status', width: '8.5rem', sortable: true },
  { key: 'direction', label: 'Dir.', width: '4.5rem' },
  { key: 'queue', label: 'Queue', width: 'minmax(7rem, 1fr)', sortable: true },
  { key: 'agent', label: 'Agent', width: 'minmax(8rem, 1fr)', sortable: true },
  { key: 'campaign', label: 'Campaign', width: 'minmax(8rem, 1fr)', sortable: true },
  { key: 'duration', label: 'In status', width: '6.5rem', sortable: true },
  { key: 'wait', label: 'Wait', width: '5.5rem' },
]

const REORDER_MS = 400

export function CallsView() {
  const calls = useFw((s) => s.floor.tables.calls)
  const queues = useFw((s) => s.floor.tables.queues)
  const agents = useFw((s) => s.floor.tables.agents)
  const campaigns = useFw((s) => s.floor.tables.campaigns)
  const loaded = useFw((s) => s.floor.loaded)
  const selected = useFw((s) => s.ui.selectedCallId)
  const selectCall = useFw((s) => s.selectCall)
  const [query, setQuery] = useState<CallQuery>(DEFAULT_QUERY)
  const [cursor, setCursor] = useState(-1)
  const search = useRef<HTMLInputElement>(null)
  const throttledCalls = useThrottled(calls, REORDER_MS)
  const ids = useMemo(
    () => selectCallIds(throttledCalls, query, { queues, agents, campaigns }),
    [throttledCalls, query, queues, agents, campaigns],
  )
  const move = (by: number) => setCursor((c) => Math.max(0, Math.min(ids.length - 1, c + by)))
  useShortcuts({
    'calls:search': () => search.current?.focus(),
    'calls:next': () => move(1),
    'calls:prev': () => move(-1),
    'calls:open': () => cursor >= 0 && ids[cursor] && selectCall(ids[cursor]!),
  })
  const onSort = (key: string) =>
    setQuery((q) => ({
      ...q,
      sort: { key: key as CallSortKey, dir: q.sort.key === key && q.sort.dir === 'desc' ? 'asc' : 'desc' },
    }))
  const queueList = useMemo(() => [...queues.values()].sort((a, b) => a.name.localeCompare(b.name)), [queues])
  return (
    <section className="view view-calls" aria-labelledby="calls-title">
      <div className="view-toolbar">
        <h2 id="calls-title">Live calls</h2>
        <label className="field-inline">
          Search
          <input
            ref={search}
            type="search"
            value={query.search}
            placeholder="Caller, queue, agent, campaign"
            onChange={(e) => setQuery((q) => ({ ...q, search: e.target.value }))}
          />
        </label>
        <label className="field-inline">
          Status
          <select
            value={query.status}
            onChange={(e) => setQuery((q) => ({ ...q, status: e.target.value as CallQuery['status'] }))}
          >
            <option value="live">Live (not ended)</option>
            <option value="all">All</option>
            {CALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          Queue
          <select
            value={query.queueId}
            onChange={(e) => setQuery((q) => ({ ...q, queueId: e.target.value }))}
          >
            <option value="all">All queues</option>
            {queueList.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <span className="count" aria-live="polite">
          {ids.length.toLocaleString('en-US')} of {calls.size.toLocaleString('en-US')} calls
        </span>
      </div>
      {!loaded ? (
        <Loading what="calls" />
      ) : ids.length === 0 ? (
        <Empty>{calls.size === 0 ? 'No calls yet today.' : 'No calls match these filters.'}</Empty>
      ) : (
        <VirtualTable
          label="Live calls"
          columns={COLUMNS}
          ids={ids}
          sort={query.sort}
          onSort={onSort}
          cursor={cursor}
          onActivate={selectCall}
          renderRow={(id) => <CallRow id={id} onOpen={selectCall} />}
        />
      )}
      {selected && <CallHistoryDialog id={selected} onClose={() => selectCall(null)} />}
    </section>
  )
}
