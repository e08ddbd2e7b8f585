// Every frame reads back as it was written, byte-compatible with y-protocols' own encoders, and a
// frame of an unknown type or step is refused by name.

import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { FrameError, SyncStep, encodeAwareness, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, readFrame } from './frames.ts'
import { MessageType, encodeAck } from './messages.ts'

const bytes = (...values: number[]) => new Uint8Array(values)

describe('frames', () => {
  it('read back as written', () => {
    expect(readFrame(encodeSyncStep1(bytes(1, 2)))).toEqual({ type: 'sync', step: SyncStep.step1, payload: bytes(1, 2) })
    expect(readFrame(encodeSyncStep2(bytes(3)))).toEqual({ type: 'sync', step: SyncStep.step2, payload: bytes(3) })
    expect(readFrame(encodeUpdate(bytes(4)))).toEqual({ type: 'sync', step: SyncStep.update, payload: bytes(4) })
    expect(readFrame(encodeAwareness(bytes(5)))).toEqual({ type: 'awareness', payload: bytes(5) })
    expect(readFrame(encodeQueryAwareness())).toEqual({ type: 'query-awareness' })
    expect(readFrame(encodeAck(bytes(0)))).toEqual({ type: 'ack', stateVector: bytes(0) })
  })

  it('are the bytes y-protocols writes', () => {
    const doc = new Y.Doc()
    doc.getArray('a').push([1])
    const theirs = encoding.createEncoder()
    encoding.writeVarUint(theirs, MessageType.sync)
    syncProtocol.writeSyncStep1(theirs, doc)
    expect(encodeSyncStep1(Y.encodeStateVector(doc))).toEqual(encoding.toUint8Array(theirs))
    const update = encoding.createEncoder()
    encoding.writeVarUint(update, MessageType.sync)
    syncProtocol.writeUpdate(update, Y.encodeStateAsUpdate(doc))
    expect(encodeUpdate(Y.encodeStateAsUpdate(doc))).toEqual(encoding.toUint8Array(update))
  })

  it('refuse an unknown type or sync step, and throw on a truncated frame', () => {
    expect(() => readFrame(bytes(7))).toThrow(FrameError)
    expect(() => readFrame(bytes(MessageType.sync, 9, 0))).toThrow(/unknown sync step 9/)
    expect(() => readFrame(bytes(MessageType.sync, 2, 5, 1))).toThrow()
  })
})
