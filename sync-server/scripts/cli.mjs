#!/usr/bin/env node
// Launches the admin CLI (src/cli.ts) under tsx, so that `npm run parley -- <command>` works from
// the repository root without a build step. Plain Node: everything else is in the TypeScript.

import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
