// A tile figure with an optional threshold: the level changes colour, icon and words together.
import type { ReactNode } from 'react'

export type Level = 'ok' | 'warn' | 'bad' | 'none'

const LEVEL: Record<Level, { icon: string; text: string }> = {
  ok: { icon: '✓', text: 'on target' },
  warn: { icon: '▲', text: 'warning' },
  bad: { icon: '✕', text: 'breached' },
  none: { icon: '', text: '' },
}

export function Figure({
  label,
  value,
  level = 'none',
  detail,
  levelText,
}: {
  label: string
  value: ReactNode
  level?: Level
  detail?: ReactNode
  levelText?: string
}) {
  const look = LEVEL[level]
  return (
    <div className={`figure figure-${level}`}>
      <div className="figure-label">{label}</div>
      <div className="figure-value value">
        {look.icon && (
          <span className="figure-icon" aria-hidden="true">
            {look.icon}{' '}
          </span>
        )}
        {value}
      </div>
      {(look.text || detail) && (
        <div className="figure-detail">
          {look.text && <span className="figure-level">{levelText ?? look.text}</span>}
          {look.text && detail ? ' · ' : ''}
          {detail}
        </div>
      )}
    </div>
  )
}
