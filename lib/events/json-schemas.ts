import { z } from "zod";
import { CONTRACTS, EVENT_NAMES, type EventName } from "@/lib/events/contracts";

/** The file a contract is published in: `blast/customer.requested` → `blast.customer.requested.schema.json`. */
export const schemaFileName = (name: EventName) => `${name.replaceAll("/", ".")}.schema.json`;

/** Each event's data as JSON Schema (draft 2020-12), with its name as the title, as written to docs/contracts/. */
export function contractSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of EVENT_NAMES) {
    const schema = { title: name, ...z.toJSONSchema(CONTRACTS[name]) };
    files[schemaFileName(name)] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  return files;
}
