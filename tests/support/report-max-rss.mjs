// Preloaded with `node --import` into a process under test: when it exits, writes its peak
// resident memory to stderr as `max-rss-kib <n>`, for tests that bound a command's memory.
process.on('exit', () => process.stderr.write(`\nmax-rss-kib ${process.resourceUsage().maxRSS}\n`))
