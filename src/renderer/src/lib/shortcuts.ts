// Every keyboard shortcut in one table: the help overlay renders it, handlers refer to it by id.
import { useEffect, useRef } from 'react'
import { VIEWS, VIEW_LABELS, type ViewName } from '../store/ui-slice'

export { VIEW_LABELS }

export interface Shortcut {
  id: string
  /** KeyboardEvent.key values that trigger it. */
  keys: readonly string[]
  label: string
  scope: 'global' | ViewName
}

export const SHORTCUTS: readonly Shortcut[] = [
  ...VIEWS.map((v, i) => ({
    id: `view:${v}`,
    keys: [String(i + 1)],
    label: `Go to ${VIEW_LABELS[v]}`,
    scope: 'global' as const,
  })),
  { id: 'help', keys: ['?'], label: 'Show or hide this help', scope: 'global' },
  { id: 'theme', keys: ['t'], label: 'Switch theme (system → light → dark)', scope: 'global' },
  { id: 'zone', keys: ['z'], label: 'Show times in queue zones or in your zone', scope: 'global' },
  { id: 'close', keys: ['Escape'], label: 'Close a dialog or overlay', scope: 'global' },
  { id: 'calls:search', keys: ['/'], label: 'Search calls', scope: 'calls' },
  { id: 'calls:next', keys: ['j', 'ArrowDown'], label: 'Next call', scope: 'calls' },
  { id: 'calls:prev', keys: ['k', 'ArrowUp'], label: 'Previous call', scope: 'calls' },
  { id: 'calls:open', keys: ['Enter'], label: 'Open the selected call’s history', scope: 'calls' },
  { id: 'agents:search', keys: ['/'], label: 'Search agents', scope: 'agents' },
  { id: 'alerts:next', keys: ['j', 'ArrowDown'], label: 'Next alert', scope: 'alerts' },
  { id: 'alerts:prev', keys: ['k', 'ArrowUp'], label: 'Previous alert', scope: 'alerts' },
  { id: 'alerts:read', keys: ['m'], label: 'Mark the selected alert read', scope: 'alerts' },
  { id: 'alerts:allRead', keys: ['M'], label: 'Mark all alerts read', scope: 'alerts' },
  { id: 'alerts:ack', keys: ['a'], label: 'Acknowledge the selected alert', scope: 'alerts' },
  { id: 'alerts:snooze', keys: ['s'], label: 'Snooze the selected alert for 15 minutes', scope: 'alerts' },
  {
    id: 'alerts:resolve',
    keys: ['r'],
    label: 'Resolve the selected alert (with a comment)',
    scope: 'alerts',
  },
  { id: 'alerts:note', keys: ['n'], label: 'Add a note to the selected alert', scope: 'alerts' },
  { id: 'activity:pause', keys: ['p'], label: 'Pause or resume the activity feed', scope: 'activity' },
  { id: 'health:export', keys: ['e'], label: 'Export the diagnostics bundle', scope: 'health' },
]

const byId = new Map(SHORTCUTS.map((s) => [s.id, s]))

export function keysOf(id: string): readonly string[] {
  return byId.get(id)?.keys ?? []
}

/** Inputs that take no typing: focused after a click, they must not swallow the shortcuts. */
const NOT_TYPED = new Set([
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'color',
  'file',
  'image',
  'range',
])

/** Typing in a field is not a shortcut (a checkbox or radio button just clicked is not a field). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type)
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * Calls `handlers[id]` when one of that shortcut's keys is pressed outside a text field (Escape works
 * everywhere). One window listener per mounted view, whatever the number of rows.
 */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>, enabled = true): void {
  const ref = useRef(handlers)
  useEffect(() => {
    ref.current = handlers
  })
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return
      if (e.key !== 'Escape' && isTyping(e.target)) return
      if (document.querySelector('[aria-modal="true"]') && e.key !== 'Escape') return
      for (const [id, fn] of Object.entries(ref.current)) {
        if (fn && keysOf(id).includes(e.key)) {
          e.preventDefault()
          fn()
          return
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled])
}
