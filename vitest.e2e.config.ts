import { defineConfig } from 'vitest/config';

/**
 * The end-to-end suite (`npm run test:e2e`): the packaged extension in code-server, driven through Debian's
 * Chromium. Kept apart from vitest.config.ts (test/**\/*.test.ts), so `npm test` does not run it.
 */
export default defineConfig({
    test: {
        include: ['test/e2e/**/*.e2e.ts'],
        testTimeout: 120_000,
        hookTimeout: 180_000,
        pool: 'forks',
        fileParallelism: false,
        // the steps of a file build on each other (one code-server, one page): never retried out of order
        retry: 0,
    },
});
