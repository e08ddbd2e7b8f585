// `npm run host-crm`: the example host application on its own port, embedding the Parley relay
// at PARLEY_URL. Start the relay with the matching settings (docs/embedding.md); for a local try:
//
//   PARLEY_ALLOWED_ORIGINS=http://127.0.0.2:8788 PARLEY_HOST_JWT_ISSUER=northwind-crm \
//   PARLEY_HOST_JWT_SECRET=<32+ characters> PARLEY_RECORDS_URL=http://127.0.0.2:8788/parley/records \
//   PARLEY_RECORDS_TOKEN=<secret> npm start
//   HOST_CRM_SECRET=<the same> HOST_CRM_RECORDS_TOKEN=<the same> npm run host-crm

import { startHostCrm } from './host-crm.mjs'

const env = process.env
const secret = env.HOST_CRM_SECRET ?? ''
const recordsToken = env.HOST_CRM_RECORDS_TOKEN ?? ''
if (secret.length < 32 || !recordsToken) {
  process.stderr.write('Set HOST_CRM_SECRET (32+ characters, the relay\'s PARLEY_HOST_JWT_SECRET) and HOST_CRM_RECORDS_TOKEN (the relay\'s PARLEY_RECORDS_TOKEN).\n')
  process.exit(2)
}
// 127.0.0.2 by default: another site than the relay's 127.0.0.1, as a real host would be.
const running = await startHostCrm({
  port: Number(env.HOST_CRM_PORT ?? 8788),
  host: env.HOST_CRM_HOST ?? '127.0.0.2',
  parleyUrl: env.PARLEY_URL ?? 'http://127.0.0.1:8787',
  issuer: env.HOST_CRM_ISSUER ?? 'northwind-crm',
  secret,
  recordsToken,
})
process.stdout.write(`Northwind CRM (example host) is running at ${running.url}\nSign in as ann@northwind.test or ben@northwind.test, password "crm".\n`)
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void running.close().then(() => process.exit(0)))
