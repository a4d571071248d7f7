import { fireEvent, screen } from '@testing-library/react'
import { VIEWS, VIEW_LABELS } from '../../src/shared/views'
import { describe, expect, it } from 'vitest'
import { SHORTCUTS } from '../../src/renderer/src/lib/shortcuts'
import { alert, up } from './fixtures'
import { renderApp } from './support'

describe('keyboard shortcuts', () => {
  it('switches every view with its number key', async () => {
    const h = await renderApp({ snapshot: [] })
    const names = VIEWS.map((v) => VIEW_LABELS[v])
    for (const [i, name] of names.entries()) {
      fireEvent.keyDown(window, { key: String(i + 1) })
      await h.flush()
      expect(screen.getByRole('button', { name: new RegExp(`^${name}`) }).getAttribute('aria-current')).toBe(
        'page',
      )
    }
  })

  it('opens the help overlay with ? listing every shortcut, and closes it with Escape', async () => {
    const h = await renderApp({ snapshot: [] })
    fireEvent.keyDown(window, { key: '?' })
    await h.flush()
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    for (const s of SHORTCUTS) expect(dialog.textContent).toContain(s.label)
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('cycles the theme with t, overriding the OS', async () => {
    const h = await renderApp()
    expect(document.documentElement.dataset.theme).toBe('light') // jsdom's OS preference
    fireEvent.keyDown(window, { key: 't' })
    await h.flush()
    expect(h.store.getState().settings.theme).toBe('light')
    fireEvent.keyDown(window, { key: 't' })
    await h.flush()
    expect(document.documentElement.dataset.theme).toBe('dark')
  })

  it('drives alert actions from the keyboard, but not while typing', async () => {
    const a = alert({ title: 'First' })
    const b = alert({ title: 'Second', severity: 'warning' })
    const h = await renderApp({ snapshot: [up('alerts', a), up('alerts', b)] })
    fireEvent.keyDown(window, { key: '4' })
    await h.flush()
    fireEvent.keyDown(window, { key: 'j' })
    await h.flush()
    expect(h.store.getState().alertsUi.selectedId).toBe(a.id)
    fireEvent.keyDown(window, { key: 'j' })
    fireEvent.keyDown(window, { key: 'a' })
    await h.flush()
    expect(h.api.alertActions.map((x) => [x.alertId, x.kind])).toEqual([[b.id, 'ack']])
    fireEvent.keyDown(window, { key: 'M' })
    await h.flush()
    expect(screen.getByText('0 unread')).toBeTruthy()
    fireEvent.keyDown(window, { key: 'r' })
    await h.flush()
    const textarea = screen.getByRole('textbox')
    fireEvent.keyDown(textarea, { key: 'a' })
    await h.flush()
    expect(h.api.alertActions).toHaveLength(1)
  })

  it('keeps working after a checkbox click (focus on the checkbox is not typing)', async () => {
    const a = alert({ title: 'First' })
    const h = await renderApp({ snapshot: [up('alerts', a)] })
    fireEvent.keyDown(window, { key: '4' })
    await h.flush()
    const box = screen.getByRole('checkbox')
    box.focus()
    fireEvent.click(box)
    fireEvent.keyDown(box, { key: '1' })
    await h.flush()
    expect(h.store.getState().ui.view).toBe('floor')
  })

  it('Enter sends the note dialog; Shift+Enter is a new line', async () => {
    const a = alert({ title: 'First' })
    const h = await renderApp({ snapshot: [up('alerts', a)] })
    fireEvent.keyDown(window, { key: '4' })
    fireEvent.keyDown(window, { key: 'j' })
    fireEvent.keyDown(window, { key: 'n' })
    await h.flush()
    const textarea = screen.getByRole('textbox')
    fireEvent.change(textarea, { target: { value: 'Called the carrier' } })
    fireEvent.keyDown(textarea, { key: 'Enter', shiftKey: true })
    await h.flush()
    expect(h.api.alertActions).toHaveLength(0)
    fireEvent.keyDown(textarea, { key: 'Enter' })
    await h.flush()
    expect(h.api.alertActions.map((x) => [x.kind, x.comment])).toEqual([['note', 'Called the carrier']])
  })
})
