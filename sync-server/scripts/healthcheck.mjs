#!/usr/bin/env node
// The Docker HEALTHCHECK (and anything else that wants an exit code): exits 0 when GET /api/ready
// on this machine answers 200 within 4 s, else 1 with the reason. Plain Node, no dependencies.

const port = process.env.PORT || '8787'
try {
  const res = await fetch(`http://127.0.0.1:${port}/api/ready`, { signal: AbortSignal.timeout(4000) })
  if (!res.ok) {
    console.error(`not ready: ${res.status} ${await res.text()}`)
    process.exit(1)
  }
} catch (err) {
  console.error(`not answering on port ${port}: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
}
