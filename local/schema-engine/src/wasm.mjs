// Loads @prisma/schema-engine-wasm in plain Node 20 (its entry point imports the .wasm file as an ES
// module, which Node 20 cannot do without --experimental-wasm-modules, so we instantiate it ourselves).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

let loaded;

/** @returns {Promise<typeof import("@prisma/schema-engine-wasm")>} */
export async function loadSchemaEngineWasm() {
  if (loaded) return loaded;
  const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bytes = readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  loaded = bg;
  return bg;
}
