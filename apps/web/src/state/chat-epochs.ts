// The epoch documents of one chat that this device has open (docs/protocol.md, "Epochs"): the
// head, where new messages go, synced live; the epoch before it, live too (late writes of people
// who had not yet heard the head moved land there); the few epochs before those that this device
// holds, read from IndexedDB (so they show offline); and any older epoch holding writes the relay
// has not stored. Those connect only until the relay has stored what they hold. It follows the head as the relay
// moves it and never moves it back. It keeps on this device which epochs it holds, which was the
// head, and which hold unsent writes, so that a reload reopens them. It knows nothing about what
// the documents contain.

import { createComputed, createRoot, createSignal, on, type Accessor } from 'solid-js'
import type * as Y from 'yjs'
import { chatRoom } from '@parley/protocol'
import type { LocalKv } from './local-kv.ts'
import { openSyncDoc, type SyncDoc, type SyncDocOptions } from './sync-doc.ts'

export interface EpochDoc {
  epoch: number
  room: SyncDoc
  /** Synced all the time (the head and the one before), or only while it holds unsent writes. */
  live: boolean
}

export interface ChatEpochs {
  /** Open epoch documents, oldest first. */
  list: Accessor<EpochDoc[]>
  /** The head as this device knows it, or null for the moment it takes to read what it kept. */
  head: Accessor<EpochDoc | null>
  /** Resolves once the head is open and its local copy loaded. */
  whenLoaded(): Promise<void>
  /**
   * Moves to `epoch` if it is newer than the head: new messages go there from now on. The epochs
   * it skips (the relay sealed more than once meanwhile) open too when they are few.
   */
  follow(epoch: number): void
  /** Throws the in-memory copies away and opens the same epochs again; `discardHead` also deletes the head's local copy. */
  reopen(discardHead: boolean): Promise<void>
  destroy(): void
}

export interface ChatEpochsOptions extends SyncDocOptions {
  persistFor: string
  kv: LocalKv
  /** The head the caller knows already (the inbox row's). */
  head: Accessor<number>
  /** Epoch 0 already holding the chat (one just created here). */
  doc?: Y.Doc
  /**
   * The newest epoch the history pages kept on this device reach: the held epochs above it open
   * too (up to a bound), so that offline the kept pages meet the open epochs without a gap.
   */
  keptPagesReach?: () => Promise<number | null>
}

/** What this device keeps about a chat's epochs. */
interface Kept {
  head: number
  /** Epochs with a copy on this device. */
  held: number[]
  /** Epochs holding writes the relay has not stored. */
  unsent: number[]
}

const keyOf = (chatId: string) => `epochs/${chatId}`

/**
 * How many epochs below the head a device opens from its own copies. Each holds at most
 * PARLEY_EPOCH_MESSAGES messages; older ones are read as history pages, so that a chat followed
 * for years does not open hundreds of databases.
 */
export const HELD_EPOCHS_OPENED = 4
/** How far below the head a device opens held epochs to meet its kept pages. */
const HELD_EPOCHS_TO_MEET_PAGES = 16

export function openChatEpochs(chatId: string, options: ChatEpochsOptions): ChatEpochs {
  const { kv } = options
  const [list, setList] = createSignal<EpochDoc[]>([])
  const [headEpoch, setHeadEpoch] = createSignal<number | null>(null)
  const stops = new Map<number, () => void>()
  const unsentEpochs = new Set<number>()
  const held = new Set<number>()
  let destroyed = false

  const sorted = (epochs: Set<number>) => [...epochs].sort((a, b) => a - b)
  const save = () => void kv.set(keyOf(chatId), { head: headEpoch() ?? 0, held: sorted(held), unsent: sorted(unsentEpochs) } satisfies Kept)

  const open = (epoch: number, live: boolean, doc?: Y.Doc) => {
    if (destroyed || list().some((e) => e.epoch === epoch)) return
    const syncOptions: SyncDocOptions = { onUnauthorized: options.onUnauthorized, persistFor: options.persistFor, acks: true, onlyWhileUnsent: !live }
    const room = openSyncDoc(chatRoom(chatId, epoch), syncOptions, doc)
    held.add(epoch)
    setList([...list(), { epoch, room, live }].sort((a, b) => a.epoch - b.epoch))
    // Noting on this device which epochs hold unsent writes, so that a reload reopens them.
    stops.set(
      epoch,
      createRoot((dispose) => {
        createComputed(
          on([room.unsent, room.loaded], ([unsent, loaded]) => {
            if (!loaded || unsent === unsentEpochs.has(epoch)) return
            if (unsent) unsentEpochs.add(epoch)
            else unsentEpochs.delete(epoch)
            save()
          }),
        )
        return dispose
      }),
    )
  }

  const close = (entry: EpochDoc) => {
    stops.get(entry.epoch)?.()
    stops.delete(entry.epoch)
    entry.room.destroy()
  }

  const follow = (epoch: number) => {
    const current = headEpoch()
    if (destroyed || current === null || epoch <= current) return
    setHeadEpoch(epoch)
    open(epoch, true)
    if (epoch - current - 1 <= HELD_EPOCHS_OPENED) for (let skipped = current + 1; skipped < epoch; skipped++) open(skipped, true)
    save()
  }

  /**
   * Opens the head, the epochs just before it that this device holds (a fresh device reads older
   * messages from history pages instead), down to where its kept pages reach if it holds them,
   * and every epoch with unsent writes.
   */
  const openKept = (head: number, pagesReach: number | null, doc?: Y.Doc) => {
    setHeadEpoch(head)
    open(head, true, head === 0 ? doc : undefined)
    const meetPages = pagesReach === null ? head : Math.max(pagesReach + 1, head - HELD_EPOCHS_TO_MEET_PAGES)
    for (let epoch = head - 1; epoch >= Math.max(0, Math.min(head - HELD_EPOCHS_OPENED, meetPages)); epoch--) {
      if (held.has(epoch)) open(epoch, epoch === head - 1)
    }
    for (const epoch of unsentEpochs) if (epoch < head) open(epoch, false)
    save()
  }

  const isEpochList = (value: unknown): value is number[] => Array.isArray(value) && value.every(Number.isInteger)
  const starting = options.doc
    ? Promise.resolve(openKept(0, null, options.doc))
    : Promise.all([
        kv
          .get<Partial<Kept>>(keyOf(chatId))
          // Nothing kept is read as nothing kept: the head alone opens.
          .catch(() => undefined),
        options.keptPagesReach?.() ?? null,
      ]).then(([found, pagesReach]) => {
        for (const epoch of isEpochList(found?.held) ? found.held : []) held.add(epoch)
        for (const epoch of isEpochList(found?.unsent) ? found.unsent : []) unsentEpochs.add(epoch)
        const keptHead = Number.isInteger(found?.head) ? found!.head! : 0
        openKept(Math.max(options.head(), keptHead), pagesReach)
      })

  const head = () => {
    const epoch = headEpoch()
    return list().find((e) => e.epoch === epoch) ?? null
  }

  return {
    list,
    head,
    async whenLoaded() {
      await starting
      await head()?.room.whenLoaded()
    },
    follow,
    async reopen(discardHead) {
      await starting
      const before = list()
      const current = headEpoch() ?? 0
      setList([])
      for (const entry of before) {
        if (discardHead && entry.epoch === current) {
          stops.get(entry.epoch)?.()
          await entry.room.discardLocal()
        } else close(entry)
      }
      for (const entry of before) open(entry.epoch, entry.live)
      await head()?.room.whenLoaded()
    },
    destroy() {
      destroyed = true
      for (const entry of list()) close(entry)
      setList([])
    },
  }
}
