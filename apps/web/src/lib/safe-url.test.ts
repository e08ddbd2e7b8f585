import { describe, expect, it } from 'vitest'
import { recordPath, safeLink } from './safe-url.ts'

const ORIGIN = 'https://parley.example'

describe('safeLink', () => {
  it('keeps paths on this origin and http(s) URLs', () => {
    expect(safeLink('/records/job/1042', ORIGIN)).toEqual({ href: '/records/job/1042', internal: true })
    expect(safeLink('https://crm.example.com/jobs/1042?ref=JOB-1042', ORIGIN)).toEqual({ href: 'https://crm.example.com/jobs/1042?ref=JOB-1042', internal: false })
    expect(safeLink('HTTP://crm.example.com/x', ORIGIN)).toEqual({ href: 'http://crm.example.com/x', internal: false })
    expect(safeLink('https://parley.example/people/u1#top', ORIGIN)).toEqual({ href: '/people/u1#top', internal: true })
  })

  it('refuses every other scheme, protocol-relative URLs, backslashes and spaces', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'https:evil.example',
      'https://',
      'records/job/1',
      '/records/job/1 onclick=alert(1)',
      '',
      `/${'a'.repeat(2048)}`,
    ]) {
      expect(safeLink(url, ORIGIN), url).toBeNull()
    }
  })
})

describe('recordPath', () => {
  it('builds the shell page from type and id, encoding the id', () => {
    expect(recordPath('job', '1042')).toBe('/records/job/1042')
    expect(recordPath('person', 'M19EfgKlDRAlwuHAKdebwQ')).toBe('/people/M19EfgKlDRAlwuHAKdebwQ')
    expect(recordPath('candidate', 'javascript:alert(1)/../x?y#z')).toBe('/records/candidate/javascript%3Aalert(1)%2F..%2Fx%3Fy%23z')
    expect(safeLink(recordPath('company', '<img src=x onerror=alert(1)>'), ORIGIN)?.internal).toBe(true)
  })
})
