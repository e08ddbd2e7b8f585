// Bus messages on the wire: one kind byte, then the message's fields in lib0 encoding. Each
// writeX has its readX; a message of an unknown kind or cut short throws BusCodecError.

import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { BusMessage } from './bus.ts'

export const BusKind = { update: 0, awareness: 1, inboxHint: 2, resync: 3, awarenessRequest: 4 } as const

export class BusCodecError extends Error {
  override name = 'BusCodecError'
}

export function writeBusMessage(encoder: encoding.Encoder, message: BusMessage): void {
  switch (message.kind) {
    case 'update': {
      encoding.writeUint8(encoder, BusKind.update)
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.update)
      const bind = message.bind ?? []
      encoding.writeVarUint(encoder, bind.length)
      for (const [client, userId] of bind) {
        encoding.writeVarUint(encoder, client)
        encoding.writeVarString(encoder, userId)
      }
      return
    }
    case 'awareness':
      encoding.writeUint8(encoder, BusKind.awareness)
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.update)
      return
    case 'inbox-hint':
      encoding.writeUint8(encoder, BusKind.inboxHint)
      encoding.writeVarString(encoder, message.userId)
      return
    case 'resync':
      encoding.writeUint8(encoder, BusKind.resync)
      encoding.writeVarString(encoder, message.room)
      return
    case 'awareness-request':
      encoding.writeUint8(encoder, BusKind.awarenessRequest)
      encoding.writeVarString(encoder, message.room)
      return
  }
}

export function readBusMessage(decoder: decoding.Decoder): BusMessage {
  try {
    const kind = decoding.readUint8(decoder)
    switch (kind) {
      case BusKind.update: {
        const room = decoding.readVarString(decoder)
        const update = decoding.readVarUint8Array(decoder)
        const count = decoding.readVarUint(decoder)
        const bind: Array<[number, string]> = []
        for (let i = 0; i < count; i++) bind.push([decoding.readVarUint(decoder), decoding.readVarString(decoder)])
        return bind.length ? { kind: 'update', room, update, bind } : { kind: 'update', room, update }
      }
      case BusKind.awareness:
        return { kind: 'awareness', room: decoding.readVarString(decoder), update: decoding.readVarUint8Array(decoder) }
      case BusKind.inboxHint:
        return { kind: 'inbox-hint', userId: decoding.readVarString(decoder) }
      case BusKind.resync:
        return { kind: 'resync', room: decoding.readVarString(decoder) }
      case BusKind.awarenessRequest:
        return { kind: 'awareness-request', room: decoding.readVarString(decoder) }
      default:
        throw new BusCodecError(`unknown bus message kind ${kind}`)
    }
  } catch (error) {
    if (error instanceof BusCodecError) throw error
    throw new BusCodecError(`a bus message could not be read: ${(error as Error).message}`)
  }
}

export function encodeBusMessage(message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  writeBusMessage(encoder, message)
  return encoding.toUint8Array(encoder)
}

export const decodeBusMessage = (bytes: Uint8Array): BusMessage => readBusMessage(decoding.createDecoder(bytes))
