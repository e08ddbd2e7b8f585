#!/usr/bin/env node
// `npm start`: installs the production dependencies when they are missing, builds the web app
// and the relay when they are out of date, then runs the compiled relay (sync-server/dist/main.js)
// in this process. Plain Node: it must run before `npm install`.

import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { prepareProduction } from './prepare.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
await prepareProduction(root)
process.chdir(root)
await import(pathToFileURL(path.join(root, 'sync-server/dist/main.js')).href)
