// Starts the storage worker from its TypeScript source (the relay run with tsx, and the tests):
// a worker thread does not inherit the parent's loader, so it registers tsx's own first. The
// bundle (dist/) starts its compiled worker directly and never loads this file.

import { register } from 'tsx/esm/api'

register()
await import('./sqlite-write-worker.ts')
