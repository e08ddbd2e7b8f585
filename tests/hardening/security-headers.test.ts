// Item 10 of the hardening issue, over HTTP: every answer of the relay (the web app, the API,
// its errors) carries the CSP, nosniff and a frame policy; a CRM listed in
// PARLEY_ALLOWED_ORIGINS may frame the panel. (web-app-csp.test.ts runs the app under it.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../support/relay.ts'

let plain: TestRelay
let embedded: TestRelay
beforeAll(async () => {
  plain = await startTestRelay()
  embedded = await startTestRelay({ allowedOrigins: ['https://crm.example.com/'] })
})
afterAll(async () => {
  await plain?.close()
  await embedded?.close()
})

const PATHS = ['/', '/records/candidate/x', '/api/health', '/api/me', '/api/nope', '/assets/missing.js']

describe('security headers', () => {
  it('are on the web app, the API and its errors', async () => {
    for (const path of PATHS) {
      const res = await fetch(`${plain.url}${path}`)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("default-src 'self'; script-src 'self'; style-src 'self'") })
      expect(csp).toContain("frame-ancestors 'self'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/u)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    }
  })

  it('let an allowed CRM frame the panel, and nobody else', async () => {
    const res = await fetch(`${embedded.url}/`)
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/crm\.example\.com(;|$)/u)
    // X-Frame-Options cannot name another origin; frame-ancestors decides instead.
    expect(res.headers.get('x-frame-options')).toBeNull()
  })
})
