// The tiles of a wall board: one big number each, read from across the room. A threshold level is told three
// ways at once (colour from a colour-blind-safe palette, an icon of its own shape, and a word), so it reads
// without colour vision and in a photo.
import type { ReactNode } from 'react'
import type { BoardFigures } from '../../../shared/domain/board-figures'
import { formatDuration } from '../../../shared/domain/server-time'
import {
  levelFor,
  type Level,
  type MetricId,
  type Threshold,
  type TileId,
} from '../../../shared/domain/wallboard'

export const LEVEL_LOOK: Record<Level, { icon: string; text: string }> = {
  ok: { icon: '●', text: 'OK' },
  warn: { icon: '▲', text: 'Warning' },
  bad: { icon: '■', text: 'Critical' },
  none: { icon: '', text: 'No data yet' },
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v)}%`)
const dur = (v: number | null) => (v === null ? '—' : formatDuration(v))

function Tile({
  id,
  label,
  value,
  level = 'none',
  detail,
  wide,
}: {
  id: TileId
  label: string
  value: ReactNode
  level?: Level
  detail?: ReactNode
  wide?: boolean
}) {
  const look = LEVEL_LOOK[level]
  return (
    <section
      className={`board-tile level-${level}${wide ? ' board-tile-wide' : ''}`}
      data-tile={id}
      data-level={level}
      aria-label={label}
    >
      <h3 className="board-tile-label">{label}</h3>
      <div className="board-tile-value">{value}</div>
      <div className="board-tile-status">
        {look.icon && (
          <span className="board-tile-icon" aria-hidden="true">
            {look.icon}
          </span>
        )}
        <span className="board-tile-level">{look.text}</span>
        {detail && <span className="board-tile-detail">{detail}</span>}
      </div>
    </section>
  )
}

function thresholdText(metric: MetricId, t: Threshold, unit: string): string {
  const cmp = metric === 'service-level' ? '≤' : '≥'
  return `warn ${cmp} ${t.warn}${unit} · critical ${cmp} ${t.bad}${unit}`
}

export interface TileProps {
  figures: BoardFigures
  thresholds: Record<MetricId, Threshold>
}

function Agents({ figures }: TileProps) {
  const a = figures.agents
  const rows: [string, number][] = [
    ['Available', a.available],
    ['On call', a.on_call],
    ['Wrap-up', a.wrap_up],
    ['Break', a.break],
  ]
  return (
    <section className="board-tile board-tile-wide level-none" data-tile="agents" aria-label="Agents">
      <h3 className="board-tile-label">Agents</h3>
      <ul className="board-agents">
        {rows.map(([name, n]) => (
          <li key={name}>
            <span className="board-agents-n">{n}</span>
            <span className="board-agents-name">{name}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Queues({ figures, thresholds }: TileProps) {
  return (
    <section className="board-tile board-tile-wide level-none" data-tile="queues" aria-label="Queues">
      <h3 className="board-tile-label">Queues</h3>
      <table className="board-queues">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Waiting</th>
            <th scope="col">Service level</th>
          </tr>
        </thead>
        <tbody>
          {figures.perQueue.map(({ queue, stats }) => {
            const level = levelFor('service-level', stats.serviceLevelPercent, thresholds['service-level'])
            return (
              <tr key={queue.id} data-level={level}>
                <th scope="row">{queue.name}</th>
                <td>{stats.waiting}</td>
                <td className={`level-${level}`}>
                  <span aria-hidden="true">{LEVEL_LOOK[level].icon} </span>
                  {pct(stats.serviceLevelPercent)}
                  <span className="visually-hidden"> {LEVEL_LOOK[level].text}</span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

export function BoardTile({ id, ...p }: TileProps & { id: TileId }) {
  const f = p.figures
  const t = p.thresholds
  switch (id) {
    case 'service-level':
      return (
        <Tile
          id={id}
          label="Service level"
          value={pct(f.serviceLevelPercent)}
          level={levelFor(id, f.serviceLevelPercent, t[id])}
          detail={thresholdText(id, t[id], '%')}
        />
      )
    case 'waiting':
      return <Tile id={id} label="Calls waiting" value={f.waiting} level={levelFor(id, f.waiting, t[id])} />
    case 'longest-wait':
      return (
        <Tile
          id={id}
          label="Longest wait"
          value={formatDuration(f.longestWaitMs)}
          level={levelFor(id, f.longestWaitMs / 1000, t[id])}
        />
      )
    case 'abandoned':
      return (
        <Tile
          id={id}
          label="Abandoned"
          value={pct(f.abandonRatePercent)}
          level={levelFor(id, f.abandonRatePercent, t[id])}
        />
      )
    case 'asa':
      return <Tile id={id} label="Avg speed of answer" value={dur(f.averageSpeedOfAnswerMs)} />
    case 'aht':
      return <Tile id={id} label="Avg handle time" value={dur(f.averageHandleTimeMs)} />
    case 'alerts':
      return (
        <Tile id={id} label="Open alerts" value={f.openAlerts} level={levelFor(id, f.openAlerts, t[id])} />
      )
    case 'monitors':
      return (
        <Tile
          id={id}
          label="Services down"
          value={f.monitorsDown}
          level={levelFor(id, f.monitorsDown, t[id])}
          detail={`of ${f.monitorsTotal} watched`}
        />
      )
    case 'agents':
      return <Agents {...p} />
    case 'queues':
      return <Queues {...p} />
  }
}
