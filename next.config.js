/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers stay outside the bundle: PGlite loads its WASM and data files from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // CSV imports go through a server action: allow the 5 MB files the importer accepts (default 1 MB).
  experimental: { serverActions: { bodySizeLimit: "6mb" } },
  // Separate build folders let e2e runs on other ports build and serve without touching `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Type-check and lint run in `npm test` (tsc, eslint) — not twice in every build.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
