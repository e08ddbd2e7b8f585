// The relay core stays free of sockets and HTTP: nothing under relay/ imports a socket library or
// Node's network modules (transport/ws/ adapts them). A cheap check that keeps the seam visible.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = path.dirname(fileURLToPath(import.meta.url))
const FORBIDDEN = /from '(ws|node:http|node:https|node:net|hono|@hono\/[^']+)'/

describe('relay/ layering', () => {
  it('imports no socket library, network module or HTTP framework', () => {
    const offenders = fs
      .readdirSync(here)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => (FORBIDDEN.test(fs.readFileSync(path.join(here, file), 'utf8')) ? [file] : []))
    expect(offenders).toEqual([])
  })
})
