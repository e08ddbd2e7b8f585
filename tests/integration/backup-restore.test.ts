// Backups with the admin CLI while a relay process takes messages, and restoring one: every
// message the relay acknowledged before the backup began is in it; restore refuses while the
// relay holds the folder (naming its process) and works once it is stopped.

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MessageType, chatRoom, readAck } from '@parley/protocol'
import { runCliForTest } from '../../sync-server/src/cli/cli-for-tests.ts'
import { newChatDoc, say, texts } from '../support/chat.ts'
import { tempDir } from '../support/relay.ts'
import { removeDataDir, startRelayProcess, type RelayProcess } from '../support/relay-process.ts'
import { waitFor } from '../support/wait.ts'
import { connectClient } from '../support/yclient.ts'

const dataDir = tempDir('parley-backup-')
const backups = tempDir('parley-backups-')
let relay: RelayProcess | null = null
afterAll(async () => {
  await relay?.stop()
  removeDataDir(dataDir)
  removeDataDir(backups)
})

const cli = (...args: string[]) => runCliForTest(args, { PARLEY_DATA_DIR: dataDir, PARLEY_SCRYPT_COST: '1024', PARLEY_LOG_LEVEL: 'silent', INIT_CWD: backups })
const syncUrl = (r: RelayProcess) => `${r.url.replace(/^http/, 'ws')}/sync`

interface Login {
  token: string
  user: { id: string }
}
const login = async (r: RelayProcess, email: string) =>
  (await (await fetch(`${r.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'parley' }) })).json()) as Login

describe('backup and restore', () => {
  it('a backup taken under live writes restores with every message acknowledged before it', async () => {
    relay = await startRelayProcess({ dataDir })
    const [alice, bob] = [await login(relay, 'alice@acme.test'), await login(relay, 'bob@acme.test')]
    const { doc, chatId } = newChatDoc(alice.user.id, bob.user.id)
    const client = connectClient(syncUrl(relay), chatRoom(chatId), alice.token, { doc, params: { ack: '1' }, connect: false })
    let storedClock = 0
    client.provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
      storedClock = readAck(decoder).get(doc.clientID) ?? 0
    }
    client.provider.connect()
    await client.synced()

    // Alice keeps writing; each message remembers the clock after it, so that "acknowledged"
    // means the relay's stored state vector passed it.
    const sent: Array<{ text: string; clockAfter: number }> = []
    let writing = true
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        const text = `message ${n}`
        say(doc, alice.user.id, text)
        sent.push({ text, clockAfter: Y.getState(doc.store, doc.clientID) })
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    })()
    await waitFor(() => sent.filter((m) => m.clockAfter <= storedClock).length >= 50, '50 acknowledged messages')

    const ackedBefore = sent.filter((m) => m.clockAfter <= storedClock).map((m) => m.text)
    const backup = await cli('backup', 'mid-traffic.db')
    expect(backup).toMatchObject({ code: 0, out: expect.stringContaining('Backed up') })
    await waitFor(() => sent.length > ackedBefore.length + 50, 'more messages after the backup')
    writing = false
    await writer
    client.destroy()

    // Restoring under the running relay is refused, and says who holds the folder.
    const refused = await cli('restore', 'mid-traffic.db')
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`process ${relay.child.pid}`)

    await relay.stop()
    relay = null
    const restored = await cli('restore', 'mid-traffic.db')
    expect(restored).toMatchObject({ code: 0, out: expect.stringContaining('Restored') })
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('parley.db.before-restore-'))).toBe(true)

    relay = await startRelayProcess({ dataDir })
    const reader = connectClient(syncUrl(relay), chatRoom(chatId), (await login(relay, 'bob@acme.test')).token)
    await reader.synced()
    const kept = new Set(texts(reader.doc))
    expect(ackedBefore.filter((text) => !kept.has(text))).toEqual([])
    // Whatever came after the backup is not there: the restore really went back in time.
    expect(kept.size).toBeLessThan(sent.length)
    reader.destroy()
  })

  it('refuses a file that is not a Parley backup, and an existing backup target', async () => {
    fs.writeFileSync(path.join(backups, 'notes.txt'), 'not a database')
    const wrong = await cli('restore', 'notes.txt')
    expect(wrong.code).toBe(1)
    expect(wrong.err).toMatch(/not a (SQLite|Parley) database|could not be read/)
    expect((await cli('restore', 'missing.db')).err).toContain('does not exist')
    expect((await cli('backup', 'mid-traffic.db')).err).toContain('exists already')
    expect((await cli('restore')).code).toBe(2)
  })
})
