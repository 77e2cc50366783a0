/**
 * `npm run contracts`: writes the event contracts (lib/events/contracts.ts) as JSON Schema files into
 * docs/contracts/, for workers in other languages. A test fails when the committed files are stale.
 */
import fs from "node:fs";
import path from "node:path";
import { contractSchemas } from "../lib/events/json-schemas";

const dir = path.resolve("docs/contracts");
fs.mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(contractSchemas())) {
  fs.writeFileSync(path.join(dir, file), text);
  console.log(`wrote docs/contracts/${file}`);
}
