import path from "node:path";
import { defineConfig } from "vitest/config";

// Two projects: `unit` (no database, no servers; fast) and `integration` (*.int.test.ts: real PGlite or
// PostgreSQL, real local stand-ins started as child processes). e2e lives in e2e/ under Playwright.
const alias = { "@": path.resolve(import.meta.dirname) };
const exclude = ["node_modules/**", ".next/**", "e2e/**", ".data/**", ".test-data/**"];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...exclude, "**/*.int.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
