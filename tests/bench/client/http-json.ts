// A GET of a JSON route as a browser makes it, counting the bytes of the body as they crossed the
// wire (node:http does not decompress, so a compressed body counts compressed). For W4h's
// history pages; it retries nothing and follows no redirect.

import http from 'node:http'
import zlib from 'node:zlib'

export interface JsonResponse<T> {
  status: number
  body: T
  /** Body bytes received, as sent (before any decompression). */
  bytes: number
}

export function getJson<T>(port: number, path: string, token: string, timeoutMs = 30_000): Promise<JsonResponse<T>> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('error', reject)
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const encoding = res.headers['content-encoding']
          const text = (
            encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw
          ).toString('utf8')
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T, bytes: raw.byteLength })
          } catch {
            reject(new Error(`GET ${path}: HTTP ${res.statusCode}, not JSON: ${text.slice(0, 200)}`))
          }
        })
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
  })
}
