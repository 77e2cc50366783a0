import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** One layer's forbidden imports (also forbids local/, which only tests may import). */
function layer(files, message, forbidden) {
  return [
    {
      files,
      ignores: ["**/*.test.ts", "**/*.test.tsx"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              { group: forbidden, message },
              { group: ["@/local/*", "@/local/**", "**/local/*", "**/local/**"], message: "local/ is reached over HTTP, never imported" },
            ],
          },
        ],
      },
    },
  ];
}

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "node_modules/**",
    "lib/generated/**",
    ".data/**",
    ".test-data/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    // prisma.config.ts picks the offline schema engine (a CLI tool, not a service) when no native one exists.
    ignores: ["local/**", "**/*.test.ts", "**/*.test.tsx", "tests/**", "e2e/**", "prisma.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/local/*", "@/local/**", "**/local/*", "**/local/**"],
              message: "local/ stand-ins are reached over HTTP like the services they replace; only tests import them.",
            },
          ],
        },
      ],
    },
  },
  // (Later entries win for the same rule: the layers below repeat the local/ ban with their own.)
  // The layering the README states, enforced: dependencies point one way (app → lib and inngest;
  // inngest → lib), lib/ is the framework-free domain core, components/ are UI pieces without server
  // code, emails/ depend on React Email only, and local/ is reached over HTTP, never imported.
  ...layer(["lib/**"], "lib/ is the domain core: no Next.js, no app/ or inngest/ imports", [
    "next",
    "next/*",
    "next-auth",
    "next-auth/*",
    "@/app/*",
    "@/inngest/*",
    "@/auth",
    "@/auth.config",
    "@/components/*",
  ]),
  ...layer(["inngest/**"], "inngest/ functions call lib/; they never reach into app/ or Next.js", [
    "next",
    "next/*",
    "@/app/*",
    "@/components/*",
  ]),
  ...layer(["components/**"], "components/ are UI pieces: no database, engine or auth code", [
    "@/lib/db",
    "@/lib/generated/*",
    "@/lib/generated/**",
    "@/inngest/*",
    "@/auth",
    "@/app/*",
  ]),
  ...layer(["emails/**"], "emails/ depend on React Email only", ["@/lib/*", "@/lib/**", "@/app/*", "@/inngest/*", "@/components/*"]),
  {
    rules: {
      // Unused arguments named _x are deliberate (action signatures, handlers).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
]);
