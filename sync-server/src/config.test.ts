import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, OPTIONS, loadConfig } from './config.ts'
import { configurationTable } from './config-table.ts'

const docs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/configuration.md')

describe('configuration', () => {
  it('has a default for everything', () => {
    const config = loadConfig({})
    expect(config.port).toBe(8787)
    expect(config.maxFrameBytes).toBe(1024 * 1024)
    expect(path.isAbsolute(config.dataDir)).toBe(true)
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('reads PARLEY_* and PORT', () => {
    const config = loadConfig({ PORT: '9000', PARLEY_DEMO: '0', PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example' })
    expect(config.port).toBe(9000)
    expect(config.demo).toBe(false)
    expect(config.allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
  })

  it('names the variable and the problem for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ PARLEY_DEMO: 'maybe' })).toThrow(/PARLEY_DEMO/)
    expect(() => loadConfig({ PARLEY_LOG_LEVEL: 'loud' })).toThrow(/PARLEY_LOG_LEVEL/)
    expect(() => loadConfig({ PARLEY_SCRYPT_COST: '5000' })).toThrow(/power of two/)
    expect(() => loadConfig({ PARLEY_SQLITE_STORAGE_WORKER: 'sometimes' })).toThrow(/PARLEY_SQLITE_STORAGE_WORKER must be auto, 1 or 0/)
  })

  it('reads the storage worker setting as auto (the default), on or off', () => {
    expect(loadConfig({}).sqliteStorageWorker).toBe('auto')
    expect(['auto', 'AUTO', '1', 'on', '0', 'off'].map((raw) => loadConfig({ PARLEY_SQLITE_STORAGE_WORKER: raw }).sqliteStorageWorker)).toEqual(['auto', 'auto', true, true, false, false])
  })

  it('is documented, every option, in docs/configuration.md', () => {
    const text = fs.readFileSync(docs, 'utf8')
    expect(text, 'regenerate the table with: npm run --silent parley -- config-table').toContain(configurationTable())
    for (const option of Object.values(OPTIONS)) expect(text).toContain(option.env)
  })
})
