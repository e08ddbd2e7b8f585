// Gathers the chat index's side-table writes (when each chat last had a message, the rows waiting
// for inboxes nobody has open) for a short while before they go into a commit, so that they ride
// in one commit every SIDE_WRITES_EVERY_MS instead of costing each message a second commit of its
// own. Chat indexing does not even compute them per message: a stored message only marks its chat
// (`owe`), and `collect` computes each marked chat's rows once, just before every hand-over (the
// timer's, a flush's). A row replaces an older one of the same (person, chat) and a chat's time
// only ever grows, so keeping the last of each changes nothing that is stored.
//
// What is given up: a crash loses up to SIDE_WRITES_EVERY_MS of these derived rows (it lost one
// turn's before). Callbacks given to `afterCommit` while writes are owed or gathered (inbox hints
// to other relays) wait for the commit that stores them. `flush` collects and commits at once:
// before an inbox loads and reads its waiting rows, and when the relay stops.
// Chat registrations, seals and epoch stats are not gathered: they go into the commit of the update
// that created the chat or filled its head (and a later epoch's stats into the commit after the
// message's).
//
// A hand-over on the timer is sliced: `collect` computes the rows of at most SIDE_WRITES_SLICE_CHATS
// chats, they go to the committer, and the next slice runs on a later turn. Computing and
// committing a thousand chats' rows at once held the event loop for 4–10 ms (W2 at 2,000
// connections); a slice of 64 keeps each turn's share near half a millisecond. The
// callbacks given meanwhile wait for the last slice. A sliced hand-over takes the chats owed when
// it started, no more: chats written to meanwhile wait for the next one, so that a relay whose
// chats are marked faster than it slices still ends every hand-over (and releases its callbacks).
// A flush is never sliced and takes every chat owed: its caller reads what is stored next.

import type { PendingInboxRow } from '../chats/pending-inbox-rows.ts'
import type { IndexWrites } from '../storage/doc-store.ts'
import type { Committer } from './committer.ts'

export const SIDE_WRITES_EVERY_MS = 200
/** Chats whose rows one slice of a timed hand-over computes and commits. */
export const SIDE_WRITES_SLICE_CHATS = 64
const FLUSH_ROUNDS = 3

export interface SideWritesOptions {
  everyMs?: number
  sliceChats?: number
  /** What computes the owed rows (chat indexing); without it, only what `index` is given is handed over. */
  rows?: OwedRows
}

export interface OwedRows {
  /**
   * Computes the rows of at most `limit` owed chats, those owed longest first, into `index`; runs
   * before every hand-over.
   */
  collect(limit: number): void
  /** How many chats are owed: what a sliced hand-over starting now takes. */
  owedChats(): number
}

export interface SideWrites {
  index(writes: Partial<IndexWrites>): void
  /** Chats owe rows (`rows.owedChats`): `collect` gives them to `index` within `everyMs`, or at the next flush. */
  owe(): void
  /** Runs `fn` once everything written so far, gathered writes included, is stored. */
  afterCommit(fn: () => void): void
  /** Hands what is gathered to the committer and resolves once it is stored (again if more was gathered meanwhile, up to three times). */
  flush(): Promise<void>
  /** Stops the timer (what is gathered is dropped: flush first). */
  stop(): void
}

export function createSideWrites(committer: Committer, options: SideWritesOptions = {}): SideWrites {
  const everyMs = options.everyMs ?? SIDE_WRITES_EVERY_MS
  const sliceChats = options.sliceChats ?? SIDE_WRITES_SLICE_CHATS
  /** Latest row per person and chat. */
  let waiting = new Map<string, PendingInboxRow>()
  /** Latest time per chat. */
  let touched = new Map<string, number>()
  let after: Array<() => void> = []
  let timer: NodeJS.Timeout | null = null
  /** The next slice of a sliced hand-over. */
  let nextSlice: NodeJS.Immediate | null = null
  /** Chats a sliced hand-over has yet to take (0: none under way). */
  let roundLeft = 0

  const owedChats = () => options.rows?.owedChats() ?? 0
  const gathered = () => owedChats() > 0 || waiting.size > 0 || touched.size > 0
  const startTimer = () => {
    if (!timer && !nextSlice) timer = setTimeout(() => handOver(false), everyMs)
  }
  const stopTimers = () => {
    if (timer) clearTimeout(timer)
    if (nextSlice) clearImmediate(nextSlice)
    timer = nextSlice = null
  }

  /**
   * Collects (one slice, or with `all` every owed chat) and hands what is gathered to the
   * committer; the next slice runs next turn until the chats owed at the start are taken.
   */
  const handOver = (all: boolean) => {
    const { rows } = options
    if (rows && owedChats() > 0) {
      // A sliced hand-over takes the chats owed as it starts; a flush takes every one.
      if (!all && roundLeft === 0) roundLeft = rows.owedChats()
      const take = all ? Infinity : Math.min(sliceChats, roundLeft)
      rows.collect(take)
      roundLeft = all ? 0 : roundLeft - take
    }
    const owed = owedChats() > 0
    if (!owed) roundLeft = 0
    stopTimers()
    if (waiting.size > 0 || touched.size > 0) committer.index({ touched: [...touched], waiting: [...waiting.values()] })
    waiting = new Map()
    touched = new Map()
    if (roundLeft > 0) {
      nextSlice = setImmediate(() => handOver(false))
      return
    }
    // Also those that waited for owed writes which turned out to be none.
    const callbacks = after
    after = []
    for (const fn of callbacks) committer.afterCommit(fn)
    // Chats written to during a sliced hand-over go in the next one.
    if (owed) startTimer()
  }

  return {
    index(writes) {
      // Registrations and seals go into the commit of the update that created or filled the chat.
      if (writes.registered?.length) committer.index({ registered: writes.registered })
      if (writes.sealed?.length || writes.epochs?.length) committer.index({ sealed: writes.sealed ?? [], epochs: writes.epochs ?? [] })
      for (const [chatId, at] of writes.touched ?? []) touched.set(chatId, Math.max(at, touched.get(chatId) ?? at))
      // Ids are letters, digits, '-' and '_' (protocol's isId): a space cannot occur in either.
      for (const row of writes.waiting ?? []) waiting.set(`${row.userId} ${row.row.chatId}`, row)
      if (gathered()) startTimer()
    },
    owe() {
      startTimer()
    },
    afterCommit(fn) {
      if (gathered()) after.push(fn)
      else committer.afterCommit(fn)
    },
    async flush() {
      // Again while rows were gathered during a commit in flight (an asynchronous store), which
      // would otherwise wait out the timer after a caller that must see them; a few times at
      // most, so that steady traffic in other chats never holds an inbox's load.
      for (let round = 0; round < FLUSH_ROUNDS; round++) {
        handOver(true)
        await committer.flush()
        if (!gathered()) return
      }
    },
    stop() {
      stopTimers()
    },
  }
}
