import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^telcokit$/, replacement: src('index.ts') },
      { find: /^telcokit\/(.+)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/package/**'],
    testTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './tests/plain-summary-reporter.ts'],
  },
});
