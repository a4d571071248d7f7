// Settings → Wall displays: a supervisor's announcement to every wall of the org, and the browser walls of
// the headless console: each has a name and its own address (shown once), is listed with whether it is
// connected, can be asked to flash its name or reload, and can be revoked (refused at once).
import { useCallback, useEffect, useState } from 'react'
import type { IssuedWallToken, WallDevice } from '../../../shared/walls'
import { MAX_ANNOUNCEMENT } from '../../../shared/walls'
import { useActions } from '../actions-context'
import { age } from '../lib/format'
import { useTick } from '../lib/ticker'
import { useFw } from '../store/react'

export function AnnounceCard() {
  const { walls } = useActions()
  const [text, setText] = useState('')
  const [minutes, setMinutes] = useState(15)
  return (
    <article className="card">
      <h3>Announce on the wall displays</h3>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void walls.announce(text.trim(), minutes).then((ok) => ok && setText(''))
        }}
      >
        <label className="field">
          Message
          <input
            value={text}
            maxLength={MAX_ANNOUNCEMENT}
            required
            placeholder="Team huddle at 15:00 by the coffee machine"
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <label className="field">
          Show for (minutes)
          <input
            type="number"
            min={1}
            max={240}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
          />
        </label>
        <button type="submit" className="primary" disabled={!text.trim()}>
          Announce
        </button>
      </form>
    </article>
  )
}

function Issued({ issued, onDone }: { issued: IssuedWallToken; onDone: () => void }) {
  const address = `${window.location.origin}/?token=${encodeURIComponent(issued.token)}`
  return (
    <div className="wall-issued" role="status">
      <p>
        Open this address on <strong>{issued.device.name}</strong>. It is shown only now: copy it before
        closing.
      </p>
      <p className="mono wall-address">{address}</p>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(address)}>
        Copy address
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  )
}

function DeviceRow({ d, refresh }: { d: WallDevice; refresh: () => void }) {
  const { walls } = useActions()
  const [confirming, setConfirming] = useState(false)
  const now = useTick()
  const status = d.revokedAt
    ? `Revoked ${age(now - Date.parse(d.revokedAt))}`
    : d.connected > 0
      ? `Connected (${d.connected} ${d.connected === 1 ? 'screen' : 'screens'})`
      : d.lastSeenAt
        ? `Last seen ${age(now - Date.parse(d.lastSeenAt))}`
        : 'Never connected'
  return (
    <tr data-wall={d.name}>
      <th scope="row">{d.name}</th>
      <td>{status}</td>
      <td className="wall-actions">
        {!d.revokedAt && (
          <>
            <button type="button" onClick={() => void walls.command(d, 'identify')}>
              Identify
            </button>
            <button type="button" onClick={() => void walls.command(d, 'reload')}>
              Reload
            </button>
            {confirming ? (
              <button
                type="button"
                className="danger"
                onClick={() => void walls.revoke(d).then(() => (setConfirming(false), refresh()))}
              >
                Revoke {d.name}: its screens go blank now
              </button>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Revoke…
              </button>
            )}
          </>
        )}
      </td>
    </tr>
  )
}

export function WallDevicesCard() {
  const { walls } = useActions()
  const [devices, setDevices] = useState<WallDevice[] | null>(null)
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<IssuedWallToken | null>(null)
  // Presence changes whenever a wall comes or goes: the list follows.
  const watchers = useFw((s) => s.connection.watchers)
  const refresh = useCallback(() => void walls.list().then((d) => d && setDevices(d)), [walls])
  useEffect(refresh, [refresh, watchers])
  return (
    <article className="card card-wide">
      <h3>Wall displays</h3>
      <form
        className="form form-inline"
        onSubmit={(e) => {
          e.preventDefault()
          void walls.create(name.trim()).then((t) => {
            if (!t) return
            setIssued(t)
            setName('')
            refresh()
          })
        }}
      >
        <label className="field">
          Name of the new wall display
          <input
            value={name}
            required
            maxLength={60}
            placeholder="Sales floor, north wall"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={!name.trim()}>
          Add wall display
        </button>
      </form>
      {issued && <Issued issued={issued} onDone={() => setIssued(null)} />}
      {devices && devices.length === 0 && <p className="muted">No wall displays yet.</p>}
      {devices && devices.length > 0 && (
        <table className="table wall-devices">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <DeviceRow key={d.id} d={d} refresh={refresh} />
            ))}
          </tbody>
        </table>
      )}
    </article>
  )
}

/** Both cards, for a supervisor; the device list only where browser walls are served (headless). */
export function WallDisplaysSettings() {
  const info = useFw((s) => s.ui.info)
  if (!info || info.readOnly) return null
  return (
    <>
      <AnnounceCard />
      {info.shell === 'headless' ? (
        <WallDevicesCard />
      ) : (
        <article className="card">
          <h3>Wall displays</h3>
          <p className="muted">
            Browser wall displays are served by the headless console (
            <span className="mono">npm run serve</span>
            ); add and revoke them in its Settings.
          </p>
        </article>
      )}
    </>
  )
}
