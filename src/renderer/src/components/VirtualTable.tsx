// A fixed-row-height virtualised grid: only the rows in view (plus a small overscan) exist in the DOM, so
// 10,000 rows cost what 30 do. Rows are absolutely positioned inside a spacer as tall as the whole list.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'

export interface Column {
  key: string
  label: ReactNode
  /** CSS grid track, e.g. "8rem" or "1fr". */
  width: string
  sortable?: boolean
}

interface Props {
  label: string
  columns: readonly Column[]
  ids: readonly string[]
  rowHeight?: number
  renderRow: (id: string, index: number) => ReactNode
  sort?: { key: string; dir: 'asc' | 'desc' }
  onSort?: (key: string) => void
  /** Keyboard cursor (index into ids), kept in view and highlighted. */
  cursor?: number
  onActivate?: (id: string) => void
}

const OVERSCAN = 8

export function useVisibleRange(count: number, rowHeight: number) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 600))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  const onScroll = useCallback(() => setScrollTop(ref.current?.scrollTop ?? 0), [])
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN)
  return { ref, onScroll, first, last }
}

export function VirtualTable(props: Props) {
  const { label, columns, ids, rowHeight = 34, renderRow, sort, onSort, cursor, onActivate } = props
  const { ref, onScroll, first, last } = useVisibleRange(ids.length, rowHeight)
  const template = columns.map((c) => c.width).join(' ')
  useEffect(() => {
    const el = ref.current
    if (cursor === undefined || cursor < 0 || !el) return
    const top = cursor * rowHeight
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight
  }, [cursor, rowHeight, ref])
  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={ids.length + 1}>
      <div className="vt-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div
            key={c.key}
            role="columnheader"
            className="vt-th"
            aria-sort={sort?.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
          >
            {c.sortable && onSort ? (
              <button type="button" className="vt-sort" onClick={() => onSort(c.key)}>
                {c.label}
                <span aria-hidden="true">
                  {sort?.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </span>
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div className="vt-body" role="rowgroup" ref={ref} onScroll={onScroll} tabIndex={0}>
        <div className="vt-spacer" style={{ height: ids.length * rowHeight }}>
          {ids.slice(first, last).map((id, i) => (
            <div
              key={id}
              role="row"
              aria-rowindex={first + i + 2}
              className={`vt-row${cursor === first + i ? ' vt-row-cursor' : ''}`}
              style={{
                transform: `translateY(${(first + i) * rowHeight}px)`,
                height: rowHeight,
                gridTemplateColumns: template,
              }}
              onClick={onActivate ? () => onActivate(id) : undefined}
            >
              {renderRow(id, first + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  )
}
