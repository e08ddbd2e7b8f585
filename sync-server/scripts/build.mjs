#!/usr/bin/env node
// `npm run build`: the production install and both builds, nothing started. `npm start` runs the
// same steps first; the Dockerfile runs this script, so the image holds what `npm start` runs.

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { prepareProduction } from './prepare.mjs'

await prepareProduction(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'))
