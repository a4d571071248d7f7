// The headless console's in-app alert banner (critical alerts, and everything during quiet hours), and the
// one-time offer to turn on browser notifications: a button, because browsers grant permission only from a
// user's click. Withdrawn banners (an ack on any console) disappear by themselves.
import { useStore } from 'zustand'
import { useActions } from '../actions-context'
import { askPermission, bannerStore, dismissBanner } from '../alerts/browser-alerts'
import { useStoreApi } from '../store/react'

export function AlertBanner() {
  const banners = useStore(bannerStore, (s) => s.banners)
  const permission = useStore(bannerStore, (s) => s.permission)
  const store = useStoreApi()
  const actions = useActions()
  const open = (alertId: string) => {
    store.getState().setView('alerts')
    store.getState().selectAlert(alertId)
  }
  return (
    <>
      {permission === 'default' && (
        <div className="notify-offer">
          Get a desktop notification when a critical alert is raised.{' '}
          <button type="button" onClick={() => void askPermission(window.localStorage)}>
            Turn on notifications
          </button>
        </div>
      )}
      {banners.length > 0 && (
        <section className="alert-banners" aria-label="New alerts">
          {banners.map((b) => (
            <div key={b.tag} className={`alert-banner severity-${b.severity}`} role="alert">
              <strong className="alert-banner-title">{b.title}</strong>
              {b.body && <span className="alert-banner-body"> {b.body}</span>}
              {b.alertId && (
                <>
                  <button type="button" onClick={() => open(b.alertId!)}>
                    View
                  </button>
                  <button
                    type="button"
                    onClick={() => void actions.alert({ alertId: b.alertId!, kind: 'ack' })}
                  >
                    Acknowledge
                  </button>
                </>
              )}
              <button type="button" aria-label={`Dismiss ${b.title}`} onClick={() => dismissBanner(b.tag)}>
                ×
              </button>
            </div>
          ))}
        </section>
      )}
    </>
  )
}
