// The baseline of the commit → DOM benchmark (bench/dom.ts): the pattern of common Supabase + React examples,
// in the browser with no console in between. One supabase-js client signed in as the demo supervisor, a
// channel for the `calls` table, and per change event a copy of the whole list in React state and a render
// of every row. Built by bench/naive/build.ts with vite; never part of the app. Configured by the query
// string: url, key, email, password.
import { createClient, type RealtimePostgresChangesPayload } from '@supabase/supabase-js'
import { useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { NaiveRows } from '../../src/renderer/src/bench/naive-calls'

interface Row {
  id: string
  caller_masked: string
  status: string
  status_changed_at: string
}

const q = new URLSearchParams(window.location.search)
const supabase = createClient(q.get('url')!, q.get('key')!, { auth: { persistSession: false } })

function Calls() {
  const [calls, setCalls] = useState<Row[]>([])
  const [status, setStatus] = useState('connecting')
  useEffect(() => {
    let channel: ReturnType<typeof supabase.channel> | undefined
    void (async () => {
      const { error } = await supabase.auth.signInWithPassword({
        email: q.get('email')!,
        password: q.get('password')!,
      })
      if (error) return setStatus(`sign-in failed: ${error.message}`)
      await supabase.realtime.setAuth()
      channel = supabase
        .channel('calls')
        .on(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'calls' },
          (p: RealtimePostgresChangesPayload<Row>) => {
            if (p.eventType === 'INSERT') setCalls((prev) => [...prev, p.new])
            else if (p.eventType === 'UPDATE')
              setCalls((prev) => prev.map((c) => (c.id === p.new.id ? p.new : c)))
            else setCalls((prev) => prev.filter((c) => c.id !== (p.old as Partial<Row>).id))
          },
        )
        .subscribe(async (s) => {
          if (s !== 'SUBSCRIBED') return setStatus(s.toLowerCase())
          const { data, error: e } = await supabase
            .from('calls')
            .select('id,caller_masked,status,status_changed_at')
            .order('status_changed_at')
          if (e) return setStatus(`select failed: ${e.message}`)
          setCalls(data)
          setStatus('live')
        })
    })()
    return () => void channel?.unsubscribe()
  }, [])
  const sorted = [...calls].sort((a, b) => a.status_changed_at.localeCompare(b.status_changed_at))
  return (
    <main>
      <h1>
        Naive calls ({calls.length}) {status}
      </h1>
      <NaiveRows calls={sorted} />
    </main>
  )
}

createRoot(document.getElementById('root')!).render(<Calls />)
