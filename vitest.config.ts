import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Tests spawn worker pools and CLI processes; running files in parallel on a 2-core box
    // only makes them contend, so keep files sequential and deterministic.
    fileParallelism: false,
  },
});
