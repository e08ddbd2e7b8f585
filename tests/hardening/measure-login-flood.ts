// A measurement, not a test: how long a real sign-in takes while 32 clients on another address
// send wrong passwords as fast as they are answered, at the real scrypt cost. Prints one JSON
// line; docs/security.md quotes its figures. Run: node --import tsx tests/hardening/measure-login-flood.ts

import { postJsonFrom } from '../support/http-from.ts'
import { removeDataDir, startRelayProcess } from '../support/relay-process.ts'

const FLOODERS = 32
const FLOOD_ADDRESS = '127.0.0.2'
const MEASURE_MS = 15_000

const relay = await startRelayProcess({ env: { PARLEY_SCRYPT_COST: '32768', PARLEY_LOGIN_ATTEMPTS_PER_IP: '30' } })
const url = `${relay.url}/api/login`

// Each real sign-in comes from an address of its own, as different people's would: the
// per-address limit is not what is measured here.
let signIns = 0
const realSignIn = async (): Promise<number> => {
  signIns++
  const from = `127.0.${1 + Math.floor(signIns / 200)}.${(signIns % 200) + 10}`
  const started = performance.now()
  const res = await postJsonFrom(from, url, { email: 'alice@acme.test', password: 'parley' })
  if (res.status !== 200) throw new Error(`a real sign-in answered ${res.status}: ${res.body}`)
  return performance.now() - started
}

const quiet: number[] = []
for (let i = 0; i < 5; i++) quiet.push(await realSignIn())

let flooding = true
const answers = new Map<number, number>()
const flooder = async (n: number) => {
  while (flooding) {
    const res = await postJsonFrom(FLOOD_ADDRESS, url, { email: 'bob@acme.test', password: `wrong ${n}` })
    answers.set(res.status, (answers.get(res.status) ?? 0) + 1)
  }
}
const flood = Array.from({ length: FLOODERS }, (_, n) => flooder(n))
await new Promise((resolve) => setTimeout(resolve, 300))

const during: number[] = []
const started = performance.now()
while (performance.now() - started < MEASURE_MS) during.push(await realSignIn())
flooding = false
await Promise.all(flood)

const sorted = (values: number[]) => [...values].sort((a, b) => a - b)
const at = (values: number[], q: number) => Math.round(sorted(values)[Math.min(values.length - 1, Math.floor(values.length * q))]!)
process.stdout.write(
  JSON.stringify({
    quietMedianMs: at(quiet, 0.5),
    floodMedianMs: at(during, 0.5),
    floodP95Ms: at(during, 0.95),
    floodMaxMs: Math.round(Math.max(...during)),
    realSignIns: during.length,
    floodAnswers: Object.fromEntries(answers),
  }) + '\n',
)
await relay.stop()
removeDataDir(relay.dataDir)
