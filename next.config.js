/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers stay outside the bundle: PGlite loads its WASM and data files from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg"],
  poweredByHeader: false,
  // Type-check and lint run in `npm test` (tsc, eslint) — not twice in every build.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
