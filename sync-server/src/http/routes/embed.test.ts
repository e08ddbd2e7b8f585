import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-app.ts'

const CRM = 'https://crm.example.com'
let t: TestApp
let webDist: string
beforeEach(async () => {
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'))
  fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><div id="root"></div>')
  fs.writeFileSync(path.join(webDist, 'embed.js'), 'customElements.define("parley-chat", class extends HTMLElement {})')
  t = await createTestApp({ webDist, allowedOrigins: [`${CRM}/`] })
})
afterEach(() => {
  t?.close()
  fs.rmSync(webDist, { recursive: true, force: true })
})

describe('what embedding needs from the relay', () => {
  it('serves /embed.js to any page (a module script is fetched with CORS)', async () => {
    const res = await t.app.request('/embed.js', { headers: { origin: CRM } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(await res.text()).toContain('parley-chat')
  })

  it('lets only itself and the allowed origins frame it, on pages, the panel and API answers alike', async () => {
    for (const p of ['/', '/embed/panel?origin=x', '/embed.js', '/api/health', '/api/nope']) {
      const res = await t.app.request(p)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp.split(';').map((d) => d.trim()).filter((d) => d.startsWith('frame-ancestors')), p).toEqual([`frame-ancestors 'self' ${CRM}`])
    }
  })

  it('tells the panel which parent origins it may talk to, without a session', async () => {
    const res = await t.app.request('/api/embed')
    expect(await res.json()).toEqual({ allowedOrigins: [CRM] })
  })
})
