// How the bench's profile tools name a source file: packages under node_modules as ~/<package>/…,
// the project's own files from their workspace folder (sync-server/, packages/, apps/, tests/),
// including the relay bundle's source-map paths, which are relative to the bundle (../../src/…).

export const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '~/')
    .replace(/^(\.\.\/)+src\//, 'sync-server/src/')
    .replace(/^.*?\/(sync-server|packages|apps|tests)\//, '$1/')
