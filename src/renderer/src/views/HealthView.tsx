// The connection, in full: state and reason, RTT and end-to-end latency, event rates, reconnects, gaps,
// every channel, token expiry, quota headroom, and the diagnostics bundle for support.
import { useActions } from '../actions-context'
import { ConnectionStatus } from '../components/ConnectionStatus'
import { Figure, type Level } from '../components/Figure'
import { Loading } from '../components/StateMessage'
import { TimeChart } from '../components/TimeChart'
import type { Headroom } from '../../../shared/health'
import { age, clockTime, localZone, ms, zoneLabel } from '../lib/format'
import { useShortcuts } from '../lib/shortcuts'
import { useFw } from '../store/react'

function headroomLevel(h: Headroom): Level {
  return h.ratio >= 0.9 ? 'bad' : h.ratio >= 0.7 ? 'warn' : 'ok'
}

function HeadroomFigure({ label, h }: { label: string; h: Headroom }) {
  return (
    <Figure
      label={label}
      value={`${h.used} / ${h.limit}`}
      level={headroomLevel(h)}
      levelText={`${Math.round((1 - Math.min(1, h.ratio)) * 100)} % headroom`}
    />
  )
}

export function HealthView() {
  const health = useFw((s) => s.connection.health)
  const rates = useFw((s) => s.connection.rateSeries)
  const actions = useActions()
  useShortcuts({ 'health:export': () => void actions.exportDiagnostics() })
  const zone = localZone()
  if (!health) return <Loading what="connection health" />
  const m = health.metrics
  const tokenLevel: Level = m.tokenExpiresInMs === null ? 'none' : m.tokenExpiresInMs < 60_000 ? 'warn' : 'ok'
  return (
    <section className="view view-health" aria-labelledby="health-title">
      <div className="view-toolbar">
        <h2 id="health-title">Health</h2>
        <ConnectionStatus />
        <span className="muted">
          since {clockTime(health.since, zone)} {zoneLabel(zone)} · {health.transport}
        </span>
        <button type="button" className="primary push-right" onClick={() => void actions.exportDiagnostics()}>
          Export diagnostics <kbd>e</kbd>
        </button>
      </div>
      <p className="health-reason">{health.reason}</p>
      <div className="summary">
        <Figure label="Heartbeat RTT" value={ms(m.heartbeatRttMs.last)} />
        <Figure
          label="End-to-end latency"
          value={ms(m.latencyMs.last)}
          detail={`p50 ${ms(m.latencyMs.p50)} · p99 ${ms(m.latencyMs.p99)}`}
        />
        <Figure label="Events per second" value={m.totalEventsPerSecond.toFixed(1)} />
        <Figure
          label="Reconnects"
          value={m.reconnects}
          level={m.reconnects > 0 ? 'warn' : 'ok'}
          levelText={m.reconnects > 0 ? 'has reconnected' : 'none'}
        />
        <Figure label="Last event" value={m.lastEventAgeMs === null ? '—' : age(m.lastEventAgeMs)} />
        <Figure
          label="Token expires"
          value={m.tokenExpiresInMs === null ? '—' : `in ${age(m.tokenExpiresInMs).replace(' ago', '')}`}
          level={tokenLevel}
          levelText={tokenLevel === 'warn' ? 'refreshing soon' : 'valid'}
        />
        <Figure
          label="Clock skew"
          value={health.skewMs === null ? '—' : ms(Math.abs(health.skewMs))}
          detail="server − local"
        />
        <HeadroomFigure label="Channels (quota)" h={m.quota.channels} />
        <HeadroomFigure label="Messages/s (quota)" h={m.quota.messagesPerSecond} />
      </div>
      <div className="chart-grid">
        <article className="card">
          <h3>Heartbeat round trip</h3>
          <TimeChart points={m.heartbeatRttMs.series} label="RTT" unit="ms" zone={zone} />
        </article>
        <article className="card">
          <h3>End-to-end latency</h3>
          <TimeChart points={m.latencyMs.series} label="Latency" unit="ms" zone={zone} />
        </article>
        <article className="card">
          <h3>Events per second</h3>
          <TimeChart points={rates} label="Events" unit="/s" zone={zone} />
        </article>
      </div>
      <div className="chart-grid">
        <article className="card">
          <h3>Channels</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {health.channels.map((c) => (
                <tr key={c.topic}>
                  <td className="mono">{c.topic}</td>
                  <td>
                    <span
                      className={`pill pill-${c.status === 'connected' ? 'good' : c.status === 'connecting' ? 'info' : 'critical'}`}
                    >
                      <span aria-hidden="true">
                        {c.status === 'connected' ? '● ' : c.status === 'connecting' ? '◌ ' : '✕ '}
                      </span>
                      {c.status}
                    </span>
                  </td>
                  <td>{c.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {health.channels.length === 0 && <p className="muted">No channel is open.</p>}
        </article>
        <article className="card">
          <h3>Gap reports</h3>
          {health.gaps.length === 0 ? (
            <p className="muted">No gaps: every change arrived in order.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Table</th>
                  <th scope="col" className="num">
                    Missed
                  </th>
                  <th scope="col" className="num">
                    Caught up
                  </th>
                  <th scope="col">At ({zoneLabel(zone)})</th>
                </tr>
              </thead>
              <tbody>
                {health.gaps.map((g, i) => (
                  <tr key={`${g.table}-${g.at}-${i}`}>
                    <td>{g.table}</td>
                    <td className="num">{g.missed}</td>
                    <td className="num">{g.caughtUp}</td>
                    <td>{clockTime(g.at, zone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      </div>
    </section>
  )
}
