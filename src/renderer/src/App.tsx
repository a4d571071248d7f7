import { useEffect, useState } from 'react'
import type { AppInfo, RendererApi } from '../../shared/contract'

export function App({ api }: { api: RendererApi }) {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    api.getInfo().then((r) => {
      if (!live) return
      if (r.ok) setInfo(r.data)
      else setError(r.error.message)
    })
    return () => {
      live = false
    }
  }, [api])

  return (
    <div className="app">
      <header className="app-header">
        <h1>Floorwatch</h1>
        {info?.backend.demo && <span className="badge badge-demo">Demo data</span>}
        <span className="status" role="status" aria-live="polite">
          {error ? `Error: ${error}` : info ? `Backend ${info.backend.url}` : 'Connecting…'}
        </span>
      </header>
      <main className="app-main">
        <p>{info ? `Floorwatch ${info.version} (${info.shell})` : 'Loading the floor…'}</p>
      </main>
    </div>
  )
}
