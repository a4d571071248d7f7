// Settings: appearance, the project this console reads (URL + anon key, checked here and again in main;
// a service_role key is refused with the reason), the signed-in user and the organisation.
import { useState } from 'react'
import { checkAnonKey, checkProjectUrl } from '../../../shared/keys'
import { useActions } from '../actions-context'
import { ErrorMessage } from '../components/StateMessage'
import { localZone } from '../lib/format'
import { useFw } from '../store/react'
import type { ThemeChoice, ZoneChoice } from '../store/settings-slice'
import { AlertRules } from './settings/AlertRules'
import { NotificationSettings } from './settings/NotificationSettings'
import { WallDisplaysSettings } from './WallDisplaysSettings'

function Appearance() {
  const theme = useFw((s) => s.settings.theme)
  const zone = useFw((s) => s.settings.zone)
  const setTheme = useFw((s) => s.setTheme)
  const setZone = useFw((s) => s.setZone)
  return (
    <article className="card">
      <h3>Appearance</h3>
      <fieldset>
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as ThemeChoice[]).map((t) => (
          <label key={t} className="radio">
            <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => setTheme(t)} />
            {t === 'system' ? 'Follow the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Times</legend>
        {(['queue', 'local'] as ZoneChoice[]).map((z) => (
          <label key={z} className="radio">
            <input type="radio" name="zone" value={z} checked={zone === z} onChange={() => setZone(z)} />
            {z === 'queue' ? 'In each queue’s time zone' : `In my time zone (${localZone()})`}
          </label>
        ))}
      </fieldset>
    </article>
  )
}

/**
 * A second step before a change every attached screen follows (other windows, browser walls of a headless
 * console): it says so, and nothing happens until confirmed.
 */
function Confirm({
  text,
  yes,
  onYes,
  onNo,
}: {
  text: string
  yes: string
  onYes: () => void
  onNo: () => void
}) {
  return (
    <div className="confirm" role="group" aria-label="Confirm">
      <p>{text}</p>
      <button type="button" className="primary" onClick={onYes}>
        {yes}
      </button>{' '}
      <button type="button" onClick={onNo}>
        Cancel
      </button>
    </div>
  )
}

const FOLLOWS = 'Every screen attached to this console follows: its other windows and its wall displays.'

function Connection({ readOnly }: { readOnly: boolean }) {
  const current = useFw((s) => s.ui.connectionSettings)
  // A kiosk window stands unattended: nobody there may move it to another project.
  const kiosk = useFw((s) => s.ui.info?.kiosk ?? false)
  const actions = useActions()
  const [url, setUrl] = useState('')
  const [key, setKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const submit = () => {
    const u = checkProjectUrl(url)
    if (!u.ok) return setError(u.error)
    const k = checkAnonKey(key)
    if (!k.ok) return setError(k.error)
    setError(null)
    setConfirming(u.url)
  }
  const connect = async (target: string) => {
    setConfirming(null)
    if (await actions.connect({ url: target, anonKey: key.trim() })) setKey('')
  }
  return (
    <article className="card">
      <h3>Project</h3>
      <p>
        {current ? (
          <>
            Connected to <span className="mono">{current.url}</span>
            {current.demo && <span className="badge badge-demo">Demo data</span>}
          </>
        ) : (
          'Loading…'
        )}
      </p>
      {!readOnly && !kiosk && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <label className="field">
            Project URL
            <input
              type="url"
              value={url}
              placeholder="https://<ref>.supabase.co"
              onChange={(e) => setUrl(e.target.value)}
            />
          </label>
          <label className="field">
            Anon (publishable) key
            <input type="password" value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />
          </label>
          {error && <ErrorMessage>{error}</ErrorMessage>}
          {confirming ? (
            <Confirm
              text={`Connect to ${confirming}? The floor on screen is replaced by that project's. ${FOLLOWS}`}
              yes="Yes, connect"
              onYes={() => void connect(confirming)}
              onNo={() => setConfirming(null)}
            />
          ) : (
            <button type="submit" className="primary">
              Connect
            </button>
          )}
        </form>
      )}
    </article>
  )
}

function Account({ readOnly }: { readOnly: boolean }) {
  const session = useFw((s) => s.ui.session)
  const actions = useActions()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [confirming, setConfirming] = useState(false)
  if (!session) return null
  return (
    <article className="card">
      <h3>Account</h3>
      {session.user ? (
        <>
          <p>
            Signed in as <strong>{session.user.email}</strong>
          </p>
          {!readOnly &&
            (confirming ? (
              <Confirm
                text={`Sign out ${session.user.email}? ${FOLLOWS} They show the sign-in until someone signs in again.`}
                yes="Yes, sign out"
                onYes={() => {
                  setConfirming(false)
                  void actions.signOut()
                }}
                onNo={() => setConfirming(false)}
              />
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Sign out
              </button>
            ))}
          {session.orgs.length > 0 && (
            <label className="field">
              Organisation
              <select
                value={session.orgId ?? ''}
                disabled={readOnly || session.orgs.length < 2}
                onChange={(e) => void actions.switchOrg(e.target.value)}
              >
                {session.orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} ({o.role})
                  </option>
                ))}
              </select>
            </label>
          )}
        </>
      ) : readOnly ? (
        <p>Not signed in.</p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void actions.signIn({ email, password }).then((ok) => ok && setPassword(''))
          }}
        >
          <label className="field">
            Email
            <input
              type="email"
              value={email}
              autoComplete="username"
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          </label>
          <label className="field">
            Password
            <input
              type="password"
              value={password}
              autoComplete="current-password"
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          <button type="submit" className="primary">
            Sign in
          </button>
        </form>
      )}
    </article>
  )
}

export function SettingsView() {
  const readOnly = useFw((s) => s.ui.info?.readOnly ?? true)
  return (
    <section className="view view-settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {readOnly && (
        <p className="muted">
          This display is read-only: connection and account changes are made on a supervisor’s console.
        </p>
      )}
      <div className="settings-grid">
        <Appearance />
        <Connection readOnly={readOnly} />
        <Account readOnly={readOnly} />
        <NotificationSettings />
        <AlertRules />
        <WallDisplaysSettings />
      </div>
    </section>
  )
}
