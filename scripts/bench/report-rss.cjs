// Preloaded by measure.mjs when GNU time is missing: prints this process's peak RSS (KiB) and CPU time
// (user + system, microseconds) to stderr at exit.
process.on('exit', () => {
    const u = process.resourceUsage();
    process.stderr.write(`mscn-bench-max-rss-kib ${u.maxRSS} cpu-us ${u.userCPUTime + u.systemCPUTime}\n`);
});
