import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteAccounts } from '../accounts/sqlite-accounts.ts'
import { createSqliteDirectory } from '../records/sqlite-directory.ts'
import { DEFAULT_URL_TEMPLATES } from '../records/url-template.ts'
import { openDatabase } from '../storage/database.ts'
import { runCliForTest } from './cli-for-tests.ts'

let dataDir: string
let filesDir: string
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-import-'))
  filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cli-files-'))
})
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(filesDir, { recursive: true, force: true })
})

// INIT_CWD is where `npm run` was typed: relative file names are read from there.
const cli = (...args: string[]) => runCliForTest(args, { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_SCRYPT_COST: '1024', INIT_CWD: filesDir })
const write = (name: string, content: string) => fs.writeFileSync(path.join(filesDir, name), content)
const search = async (q: string) => {
  const db = openDatabase(dataDir)
  try {
    const org = await createSqliteAccounts(db, { scryptCost: 1024 }).orgByName('Acme Recruiting')
    return (await createSqliteDirectory(db, { urls: DEFAULT_URL_TEMPLATES }).search(org?.id ?? '', q, 50)).map((h) => h.number)
  } finally {
    db.close()
  }
}

describe('parley records import', () => {
  it('imports good rows, lists the skipped ones with their reasons, shows progress on stderr and exits 0', async () => {
    expect((await cli('org', 'add', 'Acme Recruiting')).code).toBe(0)
    write('records.csv', ['type,id,number,label,City', 'job,1042,JOB-1042,Senior Welder,Oslo', 'spaceship,1,X-1,Nope,', 'candidate,311,CAN-311,Ann Smith,Berlin', 'job,1043,JOB-1043,,', 'company,11,COM-11,Northwind,'].join('\n'))
    const result = (await cli('records', 'import', '--org', 'acme recruiting', 'records.csv'))
    expect(result.code, result.err).toBe(0)
    expect(result.out).toContain(`Imported ${path.join(filesDir, 'records.csv')} into "Acme Recruiting": 3 imported, 0 updated, 0 unchanged, 2 skipped.`)
    expect(result.out).toContain('  line 3: type must be one of candidate, contact, company, job, placement\n')
    expect(result.out).toContain('  line 5: label is missing\n')
    // stderr is not a terminal here: progress comes as plain lines.
    expect(result.err).toContain('Importing records.csv: 100% (5 rows)\n')
    expect(result.err).not.toContain('\r')
    expect(await search('JOB-1042')).toEqual(['JOB-1042'])
    expect(await search('ann')).toEqual(['CAN-311'])

    write('again.json', JSON.stringify([{ type: 'job', id: 1042, number: 'JOB-1042', label: 'Night Welder' }, { type: 'candidate', id: '311', number: 'CAN-311', label: 'Ann Smith', fields: { City: 'Berlin' } }]))
    expect((await cli('records', 'import', '--org', 'Acme Recruiting', path.join(filesDir, 'again.json'))).out).toContain('0 imported, 1 updated, 1 unchanged, 0 skipped.')
    expect(await search('night')).toEqual(['JOB-1042'])
  })

  it('lists the first 20 skipped rows and counts the rest', async () => {
    (await cli('org', 'add', 'Acme Recruiting'))
    write('bad.json', JSON.stringify(Array.from({ length: 25 }, (_, i) => ({ type: 'job', id: String(i) }))))
    const result = (await cli('records', 'import', '--org', 'Acme Recruiting', 'bad.json'))
    expect(result.code).toBe(0)
    expect(result.out).toContain('0 imported, 0 updated, 0 unchanged, 25 skipped.')
    expect(result.out).toContain('Skipped rows (the first 20):')
    expect(result.out).toContain('  record 20: label is missing')
    expect(result.out).not.toContain('record 21:')
    expect(result.out).toContain('  … and 5 more.')
  })

  it('exits 1 when the file cannot be read as records, or the organization is unknown', async () => {
    (await cli('org', 'add', 'Acme Recruiting'))
    write('broken.json', '[{"type": "job",')
    write('headless.csv', 'job,1,Welder\n')
    expect((await cli('records', 'import', '--org', 'Acme Recruiting', 'missing.csv'))).toMatchObject({ code: 1, err: expect.stringContaining('There is no file') })
    expect((await cli('records', 'import', '--org', 'Acme Recruiting', 'broken.json'))).toMatchObject({ code: 1, err: expect.stringContaining('not valid JSON') })
    expect((await cli('records', 'import', '--org', 'Acme Recruiting', 'headless.csv'))).toMatchObject({ code: 1, err: expect.stringContaining('must name the columns') })
    write('ok.csv', 'type,id,label\njob,1,Welder\n')
    expect((await cli('records', 'import', '--org', 'Nope', 'ok.csv'))).toMatchObject({ code: 1, err: expect.stringContaining('No organization named "Nope"') })
  })

  it('exits 2 with the usage for a wrong command line, before touching the data folder', async () => {
    for (const args of [['records', 'import', 'x.csv'], ['records', 'import', '--org', 'Acme'], ['records', 'import', '--org', 'Acme', 'a.csv', 'b.csv'], ['records', 'import', '--org', 'Acme', 'records.xml'], ['records', 'import', '--org', 'Acme', '--format', 'xml', 'x.csv'], ['records', 'import', '--org', 'Acme', '--bogus', 'x.csv']]) {
      const result = await cli(...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.err, args.join(' ')).toContain('Usage: npm run parley')
    }
    expect(fs.readdirSync(dataDir)).toEqual([])
  })
})

describe('parley records import of a large file', () => {
  it('writes every skipped row to --rejects, and names the file', async () => {
    await cli('org', 'add', 'Acme Recruiting')
    write('bad.json', JSON.stringify(Array.from({ length: 25 }, (_, i) => ({ type: 'job', id: String(i), label: i % 5 === 0 ? 'Fine' : '' }))))
    const result = await cli('records', 'import', '--org', 'Acme Recruiting', '--rejects', 'rejects.csv', 'bad.json')
    expect(result.code).toBe(0)
    expect(result.out).toContain('5 imported, 0 updated, 0 unchanged, 20 skipped.')
    expect(result.out).toContain(`Every skipped row, with its reason: ${path.join(filesDir, 'rejects.csv')}`)
    const lines = fs.readFileSync(path.join(filesDir, 'rejects.csv'), 'utf8').trim().split('\n')
    expect(lines[0]).toBe('where,reason')
    expect(lines.slice(1)).toHaveLength(20)
    expect(lines[1]).toBe('record 2,label is missing')
  })

  it('streams 200,000 rows in under 150 MB, with progress from the start and every reject written', async () => {
    await cli('org', 'add', 'Acme Recruiting')
    const big = path.join(filesDir, 'big.csv')
    const out = fs.createWriteStream(big)
    out.write('type,id,number,label,City\n')
    let badRows = 0
    for (let i = 0; i < 200_000; i++) {
      // Every 997th row has no label; every 5,000th spans two lines.
      const label = i % 997 === 0 ? '' : i % 5000 === 1 ? `"Candidate ${i}\nsecond line"` : `Candidate ${i}`
      if (label === '') badRows++
      if (!out.write(`candidate,${i},CAN-${i},${label},City ${i % 100}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
    await new Promise((resolve) => out.end(resolve))

    // The compiled CLI, with the Node flags `npm run parley` gives it (package.json).
    const root = path.resolve(import.meta.dirname, '../../..')
    const script = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.parley ?? ''
    const nodeFlags = script.split(' ').filter((word) => word.startsWith('--'))
    const outdir = path.join(root, 'sync-server', `.build-test-import-${process.pid}`)
    const { buildRelay } = (await import(path.join(root, 'sync-server/scripts/build-relay.mjs'))) as { buildRelay(root: string, outdir: string): Promise<void> }
    await buildRelay(root, outdir)
    const preload = path.join(root, 'tests/support/report-max-rss.mjs')
    const child = spawnSync(process.execPath, [...nodeFlags, '--import', preload, path.join(outdir, 'cli.js'), 'records', 'import', '--org', 'Acme Recruiting', '--rejects', 'rejects.csv', 'big.csv'], {
      env: { ...process.env, PARLEY_DATA_DIR: dataDir, PARLEY_SCRYPT_COST: '1024', INIT_CWD: filesDir },
      encoding: 'utf8',
    })
    fs.rmSync(outdir, { recursive: true, force: true })
    expect(child.status, child.stderr).toBe(0)
    expect(child.stdout).toContain(`${200_000 - badRows} imported, 0 updated, 0 unchanged, ${badRows} skipped.`)
    const rejects = fs.readFileSync(path.join(filesDir, 'rejects.csv'), 'utf8').trim().split('\n').slice(1)
    expect(rejects).toHaveLength(badRows)
    // Row 997 is on line 1,000: the header, and row 1 spans two lines.
    expect(rejects[1]).toBe('line 1000,label is missing')
    // Progress starts at once (0%) and comes in tenths, with the rows so far. On a busy machine the
    // first line may already come 0.2 s in, when an estimate of the time left is shown.
    const progress = child.stderr.split('\n').filter((l) => l.startsWith('Importing big.csv'))
    expect(progress[0]).toMatch(/^Importing big\.csv: 0% \(0 rows(, about \d+ (s|min) left)?\)$/)
    expect(progress.length).toBeGreaterThanOrEqual(10)
    expect(progress.some((l) => /left\)$/.test(l))).toBe(true)
    const maxRssKib = Number(/max-rss-kib (\d+)/.exec(child.stderr)?.[1])
    expect(maxRssKib).toBeGreaterThan(0)
    expect(maxRssKib / 1024).toBeLessThan(150)
  }, 180_000)
})
