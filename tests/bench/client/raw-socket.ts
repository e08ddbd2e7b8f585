// A minimal WebSocket client on a bare TCP socket, for the load generator: the handshake, binary
// frames out with an all-zero mask (so a frame can be built once and sent many times), frames in
// without copies when they arrive whole, and pong replies. No text frames out, no extensions, no
// TLS: it exists so that thousands of load clients cost the load core less than the server they
// drive. The measuring clients use the `ws` library instead.

import { randomBytes } from 'node:crypto'
import net from 'node:net'

const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const

/**
 * Wraps a payload into a masked client frame. The mask key is zero, which leaves the payload
 * as it is; RFC 6455 asks clients for unpredictable keys to protect proxies, and there are none
 * between the load generator and the server on loopback.
 */
export function clientFrame(payload: Uint8Array, opcode: number = Opcode.binary): Buffer {
  const len = payload.byteLength
  const headerLen = len < 126 ? 6 : len < 65536 ? 8 : 14
  const frame = Buffer.allocUnsafe(headerLen + len)
  frame[0] = 0x80 | opcode
  if (len < 126) {
    frame[1] = 0x80 | len
  } else if (len < 65536) {
    frame[1] = 0x80 | 126
    frame.writeUInt16BE(len, 2)
  } else {
    frame[1] = 0x80 | 127
    frame.writeBigUInt64BE(BigInt(len), 2)
  }
  frame.writeUInt32BE(0, headerLen - 4)
  frame.set(payload, headerLen)
  return frame
}

export interface RawSocketEvents {
  open(): void
  /** A whole binary message. The view is only valid during the call. */
  message(payload: Uint8Array): void
  /** The connection ended: `code` from the server's close frame, 1006 when there was none. */
  close(code: number, reason: string): void
}

export class RawSocket {
  private socket: net.Socket
  private handshaken = false
  private pending: Buffer | null = null
  private fragments: Buffer[] = []
  private closeCode = 1006
  private closeReason = ''
  private ended = false
  bytesIn = 0
  bytesOut = 0

  /** Opens ws://127.0.0.1:<port><path>. */
  constructor(
    port: number,
    path: string,
    private readonly on: RawSocketEvents,
  ) {
    this.socket = net.connect({ port, host: '127.0.0.1', noDelay: true })
    this.socket.on('connect', () => {
      const key = randomBytes(16).toString('base64')
      this.socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      )
    })
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk))
    this.socket.on('error', () => {})
    this.socket.on('close', () => this.finish())
  }

  get open(): boolean {
    return this.handshaken && !this.ended
  }

  /** Sends one frame made by clientFrame (or several concatenated). */
  sendFrame(frame: Buffer): void {
    if (!this.open) return
    this.bytesOut += frame.byteLength
    this.socket.write(frame)
  }

  send(payload: Uint8Array): void {
    this.sendFrame(clientFrame(payload))
  }

  /** Bytes handed to the kernel's socket buffer but not yet written. */
  get buffered(): number {
    return this.socket.writableLength
  }

  close(): void {
    if (this.ended) return
    if (this.open) this.socket.write(clientFrame(Buffer.from([0x03, 0xe8]), Opcode.close))
    this.socket.end()
    setTimeout(() => this.socket.destroy(), 1000).unref()
  }

  private finish() {
    if (this.ended) return
    this.ended = true
    this.on.close(this.closeCode, this.closeReason)
  }

  private receive(chunk: Buffer) {
    this.bytesIn += chunk.byteLength
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk
    this.pending = null
    if (!this.handshaken) {
      const end = buf.indexOf('\r\n\r\n')
      if (end < 0) {
        this.pending = buf
        return
      }
      const head = buf.subarray(0, end).toString('latin1')
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0)
      if (status !== 101) {
        this.closeCode = status ? 4000 + (status % 1000) : 1002
        this.closeReason = `HTTP ${status}`
        this.socket.destroy()
        return
      }
      this.handshaken = true
      this.on.open()
      buf = buf.subarray(end + 4)
    }
    let offset = 0
    while (buf.length - offset >= 2) {
      const b0 = buf[offset]!
      const b1 = buf[offset + 1]!
      let len = b1 & 0x7f
      let head = 2
      if (len === 126) {
        if (buf.length - offset < 4) break
        len = buf.readUInt16BE(offset + 2)
        head = 4
      } else if (len === 127) {
        if (buf.length - offset < 10) break
        len = Number(buf.readBigUInt64BE(offset + 2))
        head = 10
      }
      // Server frames are never masked (RFC 6455 5.1); a masked one is a protocol error.
      if (b1 & 0x80) {
        this.closeReason = 'masked server frame'
        this.socket.destroy()
        return
      }
      if (buf.length - offset < head + len) break
      const payload = buf.subarray(offset + head, offset + head + len)
      offset += head + len
      this.frame(b0 & 0x0f, (b0 & 0x80) !== 0, payload)
      if (this.ended) return
    }
    if (offset < buf.length) this.pending = Buffer.from(buf.subarray(offset))
  }

  private frame(opcode: number, fin: boolean, payload: Buffer) {
    switch (opcode) {
      case Opcode.binary:
      case Opcode.text:
      case Opcode.continuation:
        if (!fin) {
          this.fragments.push(Buffer.from(payload))
          return
        }
        if (this.fragments.length) {
          this.fragments.push(payload)
          const whole = Buffer.concat(this.fragments)
          this.fragments = []
          this.on.message(whole)
        } else {
          this.on.message(payload)
        }
        return
      case Opcode.ping:
        if (this.open) this.socket.write(clientFrame(payload, Opcode.pong))
        return
      case Opcode.pong:
        return
      case Opcode.close:
        this.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005
        this.closeReason = payload.subarray(2).toString('utf8')
        if (!this.ended) this.socket.write(clientFrame(payload.subarray(0, 2), Opcode.close))
        this.socket.end()
        this.finish()
        return
    }
  }
}
