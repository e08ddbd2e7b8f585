// A shared "now" that ticks once a minute, so that "Just now" and "Yesterday" stay true.

import { createSignal } from 'solid-js'

const [now, setNow] = createSignal(Date.now())
setInterval(() => setNow(Date.now()), 30_000)

export { now }
