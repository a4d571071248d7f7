import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from './support'

function jwt(role: string): string {
  const b64 = (o: object) =>
    btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ role, iss: 'supabase' })}.signature`
}

async function openSettings(info: { kiosk?: boolean } = {}) {
  const h = await renderApp({ snapshot: [], info })
  fireEvent.keyDown(window, { key: '9' })
  await h.flush()
  return h
}

describe('Settings', () => {
  it('refuses a service_role key with the explanation and never sends it', async () => {
    const h = await openSettings()
    fireEvent.change(screen.getByLabelText('Project URL'), { target: { value: 'https://abc.supabase.co' } })
    fireEvent.change(screen.getByLabelText('Anon (publishable) key'), {
      target: { value: jwt('service_role') },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    await h.flush()
    expect(screen.getByRole('alert').textContent).toMatch(/service_role.*bypasses row-level security/)
    expect(h.api.calls.filter((c) => c.method === 'connect')).toHaveLength(0)
  })

  it('does not offer Connect on a kiosk (wall) window (issue 12 item 14)', async () => {
    // A kiosk shows its board; its console (and Settings) only with ?console.
    window.history.replaceState(null, '', '/?console')
    await openSettings({ kiosk: true })
    expect(screen.queryByLabelText('Project URL')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy()
  })

  it('sends a valid URL and anon key to main', async () => {
    const h = await openSettings()
    fireEvent.change(screen.getByLabelText('Project URL'), { target: { value: 'https://abc.supabase.co/' } })
    fireEvent.change(screen.getByLabelText('Anon (publishable) key'), { target: { value: jwt('anon') } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    await h.flush()
    // Nothing moves before the confirmation, which says every attached screen follows.
    expect(h.api.calls.filter((c) => c.method === 'connect')).toHaveLength(0)
    const confirm = screen.getByRole('group', { name: 'Confirm' })
    expect(confirm.textContent).toMatch(/Connect to https:\/\/abc\.supabase\.co\?.*Every screen attached/)
    fireEvent.click(screen.getByRole('button', { name: 'Yes, connect' }))
    await h.flush()
    expect(h.api.calls).toContainEqual({
      method: 'connect',
      payload: { url: 'https://abc.supabase.co', anonKey: jwt('anon') },
    })
    expect(await screen.findByText('Connected')).toBeTruthy()
  })

  it('after a connect, shows the new project, then the user and org main reports, without a restart', async () => {
    const h = await openSettings()
    expect(screen.getByText(/Signed in as/).textContent).toBe('Signed in as sup@example.test')
    fireEvent.change(screen.getByLabelText('Project URL'), { target: { value: 'https://xyz.supabase.co' } })
    fireEvent.change(screen.getByLabelText('Anon (publishable) key'), { target: { value: jwt('anon') } })
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
    fireEvent.click(screen.getByRole('button', { name: 'Yes, connect' }))
    await h.flush()
    expect(screen.getByText(/Connected to/).textContent).toBe('Connected to https://xyz.supabase.co')
    // The engine replaced the session: signed out first, then signed in on the new project.
    await act(async () => h.api.emit('session:changed', { user: null, orgs: [], orgId: null }))
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy()
    const org = {
      id: '00000000-0000-4000-8000-0000000000b2',
      name: 'Southwind Sales',
      role: 'admin' as const,
    }
    await act(async () =>
      h.api.emit('session:changed', {
        user: { id: 'u9', email: 'lead@south.test' },
        orgs: [org],
        orgId: org.id,
      }),
    )
    expect(screen.getByText(/Signed in as/).textContent).toBe('Signed in as lead@south.test')
    expect((screen.getByLabelText('Organisation') as HTMLSelectElement).value).toBe(org.id)
    expect(screen.getByRole('option', { name: 'Southwind Sales (admin)' })).toBeTruthy()
  })

  it('signs out, and reports an engine that cannot yet', async () => {
    const h = await openSettings()
    h.api.results.signOut = {
      ok: false,
      error: { code: 'unsupported', message: 'This console cannot sign out yet.' },
    }
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }))
    expect(h.api.calls).toHaveLength(0)
    expect(screen.getByRole('group', { name: 'Confirm' }).textContent).toMatch(
      /Sign out sup@example\.test\?.*Every screen attached/,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    fireEvent.click(screen.getByRole('button', { name: 'Yes, sign out' }))
    await h.flush()
    expect((await screen.findByRole('alert')).textContent).toContain('cannot sign out yet')
    delete h.api.results.signOut
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    fireEvent.click(screen.getByRole('button', { name: 'Yes, sign out' }))
    await h.flush()
    // Signed out: the sign-in form replaces the account.
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'sup@example.test' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'hunter22' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    await h.flush()
    expect(h.api.calls.map((c) => c.method)).toEqual(['signOut', 'signOut', 'signIn'])
    expect(h.api.calls[2]!.payload).toEqual({ email: 'sup@example.test', password: 'hunter22' })
  })

  it('has no account or connection actions on a read-only display', async () => {
    window.history.replaceState(null, '', '/?console')
    const h = await renderApp({ info: { readOnly: true }, snapshot: [] })
    fireEvent.keyDown(window, { key: '9' })
    await h.flush()
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull()
  })
})
