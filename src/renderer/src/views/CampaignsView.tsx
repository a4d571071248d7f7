// Campaigns: dial progress, connected and live calls, bid and payout with their latest changes.
import { useMemo } from 'react'
import { StatusPill } from '../components/StatusPill'
import { Empty, Loading } from '../components/StateMessage'
import { money, percent } from '../lib/format'
import { useThrottled } from '../lib/throttle'
import { useFw } from '../store/react'
import { LIVE_STATUSES } from './calls/call-list'

export function CampaignsView() {
  const campaigns = useFw((s) => s.floor.tables.campaigns)
  const calls = useThrottled(
    useFw((s) => s.floor.tables.calls),
    1000,
  )
  const loaded = useFw((s) => s.floor.loaded)
  const activity = useFw((s) => s.floor.activity)
  const counts = useMemo(() => {
    const m = new Map<string, { live: number; total: number }>()
    for (const c of calls.values()) {
      if (!c.campaign_id) continue
      const e = m.get(c.campaign_id) ?? { live: 0, total: 0 }
      e.total++
      if (LIVE_STATUSES.has(c.status)) e.live++
      m.set(c.campaign_id, e)
    }
    return m
  }, [calls])
  const changes = useMemo(
    () => activity.filter((a) => a.text.startsWith('Campaign ')).slice(0, 12),
    [activity],
  )
  const list = useMemo(
    () => [...campaigns.values()].sort((a, b) => a.name.localeCompare(b.name)),
    [campaigns],
  )
  if (!loaded) return <Loading what="campaigns" />
  return (
    <section className="view view-campaigns" aria-labelledby="campaigns-title">
      <h2 id="campaigns-title">Campaigns</h2>
      {list.length === 0 ? (
        <Empty>No campaigns.</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col">Dial progress</th>
              <th scope="col" className="num">
                Connected
              </th>
              <th scope="col" className="num">
                Calls live / today
              </th>
              <th scope="col" className="num">
                Bid
              </th>
              <th scope="col" className="num">
                Payout
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((c) => {
              const progress = c.dial_target > 0 ? (c.dialed / c.dial_target) * 100 : null
              const n = counts.get(c.id) ?? { live: 0, total: 0 }
              return (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>
                    <StatusPill kind="campaign" status={c.status} />
                  </td>
                  <td>
                    <div className="progress-cell">
                      <progress
                        max={100}
                        value={Math.min(100, progress ?? 0)}
                        aria-label={`${c.name} dial progress`}
                      />
                      <span className="value">
                        {c.dialed.toLocaleString('en-US')} / {c.dial_target.toLocaleString('en-US')} (
                        {percent(progress, 0)})
                      </span>
                    </div>
                  </td>
                  <td className="num value">{c.connected.toLocaleString('en-US')}</td>
                  <td className="num value">
                    {n.live} / {n.total}
                  </td>
                  <td className="num value">{money(c.bid, c.currency)}</td>
                  <td className="num value">{money(c.payout, c.currency)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <h3>Recent changes</h3>
      {changes.length === 0 ? (
        <p className="muted">No bid, payout or status changes since this console started.</p>
      ) : (
        <ul className="feed">
          {changes.map((a) => (
            <li key={a.key}>{a.text}</li>
          ))}
        </ul>
      )}
    </section>
  )
}
