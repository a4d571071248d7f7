// In-app notices. Each toast dismisses itself after a while; errors stay until dismissed.
import { useEffect } from 'react'
import { useFw } from '../store/react'
import type { Toast } from '../store/ui-slice'

const LIFETIME_MS = 6000

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useFw((s) => s.dismissToast)
  useEffect(() => {
    if (toast.level === 'error') return
    const t = setTimeout(() => dismiss(toast.id), LIFETIME_MS)
    return () => clearTimeout(t)
  }, [toast, dismiss])
  return (
    <li className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      <span>{toast.message}</span>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </li>
  )
}

export function Toasts() {
  const toasts = useFw((s) => s.ui.toasts)
  return (
    <ul className="toasts" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </ul>
  )
}
