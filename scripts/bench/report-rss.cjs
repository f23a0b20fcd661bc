// Preloaded by measure.mjs when GNU time is missing: prints this process's peak RSS (KiB) to stderr at exit.
process.on('exit', () => {
    process.stderr.write(`mscn-bench-max-rss-kib ${process.resourceUsage().maxRSS}\n`);
});
