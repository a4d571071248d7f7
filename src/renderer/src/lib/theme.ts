// Dark or light: the OS preference unless the user chose one; the choice lands on <html data-theme>.
import { useEffect, useSyncExternalStore } from 'react'
import { useFw } from '../store/react'

const QUERY = '(prefers-color-scheme: dark)'

function subscribeOs(listener: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined
  const mq = window.matchMedia(QUERY)
  mq.addEventListener('change', listener)
  return () => mq.removeEventListener('change', listener)
}

function osPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' ? window.matchMedia(QUERY).matches : false
}

export function useAppliedTheme(): 'light' | 'dark' {
  const choice = useFw((s) => s.settings.theme)
  const osDark = useSyncExternalStore(subscribeOs, osPrefersDark)
  const theme = choice === 'system' ? (osDark ? 'dark' : 'light') : choice
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  return theme
}
