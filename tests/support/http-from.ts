// HTTP requests from a chosen local address. Linux routes all of 127.0.0.0/8 to loopback, so
// tests can play several clients (an attacker, a real person) that the relay tells apart.

import http from 'node:http'

export interface SimpleResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** POSTs `body` as JSON to `url` from `localAddress`. */
export function postJsonFrom(localAddress: string, url: string, body: unknown): Promise<SimpleResponse> {
  const data = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(data)
  })
}
