import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.ts'
import { urlTemplatesFrom } from './create-directory.ts'
import { isSafeRecordUrl } from '@parley/chat-model'
import { checkUrlTemplate, DEFAULT_URL_TEMPLATES, fillUrlTemplate, recordUrl } from './url-template.ts'

describe('isSafeRecordUrl', () => {
  it('accepts http(s) URLs and same-origin paths', () => {
    for (const url of ['https://crm.example.com/jobs/1', 'http://localhost:3000/x', 'HTTPS://CRM.EXAMPLE.COM/a', '/records/job/1', '/people/abc?x=1#y']) {
      expect(isSafeRecordUrl(url), url).toBe(true)
    }
  })

  it('refuses scripts, data, other schemes, protocol-relative and odd spellings', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.com/x',
      '//evil.example/x',
      '/\\evil.example/x',
      'https:/evil.example',
      'https://',
      'records/job/1',
      '',
      '/a b',
      'https://crm.example.com/\u0000',
    ]) {
      expect(isSafeRecordUrl(url), JSON.stringify(url)).toBe(false)
    }
  })
})

describe('URL templates', () => {
  it('fills {id}, {number} and {type}, URL-encoded', () => {
    expect(fillUrlTemplate('https://crm.example.com/{type}s/{id}?n={number}', { type: 'job', id: 'a/b c', number: 'JOB-1' })).toBe(
      'https://crm.example.com/jobs/a%2Fb%20c?n=JOB-1',
    )
  })

  it('says what is wrong with an unusable template', () => {
    expect(checkUrlTemplate('https://crm.example.com/jobs/{id}')).toBeNull()
    expect(checkUrlTemplate('/crm/jobs/{id}')).toBeNull()
    expect(checkUrlTemplate('javascript:alert({id})')).toMatch(/http:\/\/, https:\/\/ or \//)
    expect(checkUrlTemplate('{id}')).toMatch(/must start with/)
    expect(checkUrlTemplate('//evil.example/{id}')).toMatch(/not an http\(s\) URL or a same-origin path/)
    expect(checkUrlTemplate('https://crm.example.com/jobs')).toMatch(/must contain \{id\}/)
    expect(checkUrlTemplate('https://crm.example.com/{slug}/{id}')).toMatch(/unknown placeholder \{slug\}/)
  })

  it('never links to anything but http(s) or a same-origin path, whatever the id', () => {
    const templates = { ...DEFAULT_URL_TEMPLATES, company: 'https://{id}.crm.example.com/' }
    for (const id of ['javascript:alert(1)', '//evil.example', '/\\evil.example', '<script>alert(1)</script>', 'evil.example#']) {
      for (const type of ['candidate', 'company', 'person'] as const) {
        const url = recordUrl(templates, { type, id, number: '' })
        expect(isSafeRecordUrl(url), `${type} ${id} → ${url}`).toBe(true)
      }
    }
    expect(recordUrl(templates, { type: 'candidate', id: 'javascript:alert(1)', number: '' })).toBe('/records/candidate/javascript%3Aalert(1)')
    // An id that breaks the host name falls back to the relay's own page.
    expect(recordUrl(templates, { type: 'company', id: 'a b', number: '' })).toBe('/records/company/a%20b')
  })
})

describe('link templates in the configuration', () => {
  it('are read per type, with the relay\'s pages as defaults', () => {
    const config = loadConfig({ PARLEY_RECORD_URL_TEMPLATE_JOB: 'https://crm.example.com/jobs/{id}' })
    expect(urlTemplatesFrom(config)).toEqual({ ...DEFAULT_URL_TEMPLATES, job: 'https://crm.example.com/jobs/{id}' })
    expect(DEFAULT_URL_TEMPLATES).toMatchObject({ candidate: '/records/candidate/{id}', person: '/people/{id}' })
  })

  it('stop the relay at load with the variable and the problem named', () => {
    const load = (value: string) => () => loadConfig({ PARLEY_RECORD_URL_TEMPLATE_CANDIDATE: value })
    expect(load('javascript:alert({id})')).toThrow(ConfigError)
    expect(load('javascript:alert({id})')).toThrow(/PARLEY_RECORD_URL_TEMPLATE_CANDIDATE .* must start with http:\/\/, https:\/\/ or \//)
    expect(load('//evil.example/{id}')).toThrow(/PARLEY_RECORD_URL_TEMPLATE_CANDIDATE/)
    expect(load('https://crm.example.com/')).toThrow(/\{id\}/)
    expect(() => loadConfig({ PARLEY_RECORDS_URL: 'ftp://crm.example.com/search' })).toThrow(/PARLEY_RECORDS_URL must be an http:\/\/ or https:\/\/ URL/)
    expect(() => loadConfig({ PARLEY_RECORDS_TIMEOUT_MS: '10' })).toThrow(/PARLEY_RECORDS_TIMEOUT_MS/)
  })
})
