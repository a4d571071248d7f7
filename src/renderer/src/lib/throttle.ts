// A value that follows its source at most once per interval (trailing edge included), for derived work
// too heavy to redo every frame: re-sorting 10,000 calls or recomputing every queue's figures.
import { useEffect, useRef, useState } from 'react'

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value)
  const last = useRef(0)
  useEffect(() => {
    if (Object.is(value, shown)) return
    const update = () => {
      last.current = Date.now()
      setShown(() => value)
    }
    const wait = last.current + intervalMs - Date.now()
    // Leading edge at once (a first snapshot must not wait), then at most once per interval.
    if (wait <= 0) return void queueMicrotask(update)
    const timer = setTimeout(update, wait)
    return () => clearTimeout(timer)
  }, [value, shown, intervalMs])
  return shown
}
