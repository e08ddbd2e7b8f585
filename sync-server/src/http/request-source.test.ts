import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { sourceOf } from './request-source.ts'

const request = (headers: Record<string, string>, socket: { encrypted?: boolean; remoteAddress?: string } = {}) =>
  ({ headers, socket }) as unknown as Pick<IncomingMessage, 'headers' | 'socket'>

describe('sourceOf', () => {
  it('takes the scheme and address from the socket, ignoring forwarded headers by default', () => {
    const forged = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' }
    expect(sourceOf(request(forged, { remoteAddress: '10.0.0.5' }), false)).toEqual({ scheme: 'http', ip: '10.0.0.5' })
    expect(sourceOf(request({}, { encrypted: true, remoteAddress: '10.0.0.5' }), false)).toEqual({ scheme: 'https', ip: '10.0.0.5' })
    expect(sourceOf(request({}), false)).toEqual({ scheme: 'http', ip: 'unknown' })
  })

  it('behind a trusted proxy, believes its X-Forwarded-Proto and the last X-Forwarded-For entry', () => {
    const headers = { 'x-forwarded-proto': 'HTTPS, http', 'x-forwarded-for': '198.51.100.1, 203.0.113.9 ' }
    expect(sourceOf(request(headers, { remoteAddress: '10.0.0.1' }), true)).toEqual({ scheme: 'https', ip: '203.0.113.9' })
  })

  it('behind a trusted proxy, falls back to the socket when the headers are missing or odd', () => {
    expect(sourceOf(request({ 'x-forwarded-proto': 'gopher' }, { remoteAddress: '10.0.0.1' }), true)).toEqual({ scheme: 'http', ip: '10.0.0.1' })
  })
})
