// Tests live in test/; a scratch folder of one's own is never run.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, '.scratch/**'],
  },
});
