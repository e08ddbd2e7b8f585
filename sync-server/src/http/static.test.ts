import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './test-app.ts'

let dist: string
let t: TestApp
beforeEach(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-dist-'))
  fs.mkdirSync(path.join(dist, 'assets'))
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Parley</title>')
  fs.writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), 'console.log("app")')
  fs.writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  t = await createTestApp({ webDist: dist })
})
afterEach(() => {
  t?.close()
  fs.rmSync(dist, { recursive: true, force: true })
})

describe('the web app', () => {
  it('serves built files, hashed assets cached for good and the rest revalidated', async () => {
    const asset = await t.app.request('/assets/app-abc123.js')
    expect(asset.status).toBe(200)
    expect(await asset.text()).toBe('console.log("app")')
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')

    const sw = await t.app.request('/sw.js')
    expect(sw.status).toBe(200)
    expect(sw.headers.get('cache-control')).toBe('no-cache')

    const root = await t.app.request('/')
    expect(root.status).toBe(200)
    expect(await root.text()).toContain('<title>Parley</title>')
  })

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await t.app.request('/chats/V1StGXR8_Z5jdHi6B-myTg')
    expect(route.status).toBe(200)
    expect(route.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await route.text()).toContain('<title>Parley</title>')
    expect((await t.app.request('/assets/missing-123.js')).status).toBe(404)
  })

  it('never answers /api or /sync paths with the app', async () => {
    const api = await t.app.request('/api/nope')
    expect(api.headers.get('content-type')).toMatch(/^application\/json/)
    const sync = await t.app.request('/sync/chat/abc')
    expect(sync.status).toBe(404)
    expect(await sync.text()).not.toContain('<title>Parley</title>')
  })

  it('does not serve files outside the build folder', async () => {
    fs.writeFileSync(path.join(path.dirname(dist), 'parley-secret.txt'), 'secret')
    try {
      for (const p of ['/../parley-secret.txt', '/%2e%2e/parley-secret.txt', '/assets/..%2f..%2fparley-secret.txt']) {
        const res = await t.app.request(p)
        expect(await res.text(), p).not.toContain('secret')
      }
    } finally {
      fs.rmSync(path.join(path.dirname(dist), 'parley-secret.txt'), { force: true })
    }
  })

  it('explains how to build the app when the folder is missing', async () => {
    fs.rmSync(dist, { recursive: true, force: true })
    const res = await t.app.request('/')
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('npm run build -w @parley/web')
  })
})
