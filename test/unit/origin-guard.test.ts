// The host names the headless console answers to: loopback names, the configured --host, and for a
// wildcard bind this machine's addresses and name; never a look-alike that merely contains one of them.
import { describe, expect, it } from 'vitest'
import { hostname } from 'node:os'
import { allowedHostNames, isLoopbackName } from '../../src/main/server/origin-guard'

describe('host names', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.8.9.10', '::1', '[::1]', 'wall.localhost'])(
    'treats %s as loopback',
    (name) => expect(isLoopbackName(name)).toBe(true),
  )

  it.each([
    'attacker.example',
    'localhost.attacker.example',
    '127.0.0.1.nip.io',
    '127.0.0.1.attacker.example',
    '128.0.0.1',
    '0.0.0.0',
    '',
  ])('does not treat %s as loopback', (name) => expect(isLoopbackName(name)).toBe(false))

  it('adds the configured host, and only that', () => {
    const allowed = allowedHostNames('wall.callcentre.lan')
    expect(allowed('wall.callcentre.lan')).toBe(true)
    expect(allowed('WALL.callcentre.lan')).toBe(true)
    expect(allowed('localhost')).toBe(true)
    expect(allowed('other.callcentre.lan')).toBe(false)
    expect(allowed(hostname())).toBe(hostname() === 'wall.callcentre.lan')
  })

  it('answers to this machine by name and address when bound to every interface', () => {
    const allowed = allowedHostNames('0.0.0.0')
    expect(allowed(hostname())).toBe(true)
    expect(allowed('attacker.example')).toBe(false)
  })
})
