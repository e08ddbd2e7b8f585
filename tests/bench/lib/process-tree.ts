// Finds processes the harness did not start itself but measures and pins: a PostgreSQL server
// (started by pg_ctl, one process per connection under its postmaster) and a Redis server, by
// what their command lines say, and their descendants, from /proc.

import fs from 'node:fs'

interface Row {
  pid: number
  ppid: number
  cmdline: string
}

function processes(): Row[] {
  const rows: Row[] = []
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
      rows.push({ pid: Number(name), ppid, cmdline })
    } catch {
      // exited while we read
    }
  }
  return rows
}

/** The oldest process whose command line passes `match`, with every descendant of it. */
export function processTree(match: (cmdline: string) => boolean): number[] {
  const rows = processes()
  const root = rows.filter((r) => match(r.cmdline)).sort((a, b) => a.pid - b.pid)[0]
  if (!root) return []
  const tree = [root.pid]
  for (let i = 0; i < tree.length; i++) for (const r of rows) if (r.ppid === tree[i]) tree.push(r.pid)
  return tree
}

/** The PostgreSQL server listening on `port`: its postmaster (`postgres -D … -p PORT …`) and backends. */
export const postgresPids = (port: number): number[] =>
  processTree((cmd) => /\/postgres\s/.test(cmd + ' ') && cmd.includes(` -p ${port} `))

/** The Redis server on `port` (it shows itself as `redis-server 127.0.0.1:PORT`). */
export const redisPids = (port: number): number[] => processTree((cmd) => cmd.startsWith('redis-server') && cmd.includes(`:${port}`))
