// Issue 9, item 4, as a person sees it: past a write budget the relay refuses the write with 4429
// and a reason, and the chat window says "Not delivered" with that reason, marks the message, and
// offers Retry and Discard. The budget is set low here (64 KiB a minute) to reach it in a few
// messages; nothing Alice sent before it is touched.

import { describe, expect, it } from 'vitest'
import { useE2E } from './support/browser.ts'

const poll = { timeout: 15_000 }
const FAILED = 'Not delivered: the relay refused it'
const SENT = 'Sent'

describe('a write past a budget', { timeout: 90_000 }, () => {
  const e2e = useE2E({ relayEnv: { PARLEY_USER_BYTES_PER_MINUTE: String(64 * 1024) } })

  it('is shown as not delivered, with the relay’s reason, and what was sent before stays sent', async () => {
    const alice = await e2e.signIn('alice@acme.test', 'Alice Adams')
    await alice.startChatWith('Bob Brown', 'Message')
    await alice.send('a short hello')
    await expect.poll(async () => (await alice.marks())[0]?.mark, poll).toBe(SENT)
    const long = (i: number) => `${i} ${'long text '.repeat(790)}`
    for (let i = 0; i < 9; i++) await alice.send(long(i))
    const alert = alice.panel.getByRole('alert').filter({ hasText: 'Not delivered' })
    await expect.poll(async () => ((await alert.count()) ? await alert.textContent() : ''), poll).toContain('bytes written per minute')
    const marks = await alice.marks()
    expect(marks.some((m) => m.mark === FAILED)).toBe(true)
    expect(marks.at(-1)).toEqual({ text: 'a short hello', mark: SENT })
  })
})
