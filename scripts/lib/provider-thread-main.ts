/**
 * The provider thread's body (see provider-thread.ts): the pacing gate on a small `pg` pool of its own and
 * the provider request through the same mailer (the real Resend SDK), one message per request.
 */
import { parentPort } from "node:worker_threads";
import { resolveDatabaseUrl } from "@/lib/db-url";
import { createPool, poolSettings } from "@/lib/db-pool";
// The mailer's own files, not @/lib/mail: its index also loads React Email and the renderer, which this
// thread never uses and which would cost it tens of MB.
import { createMailer } from "@/lib/mail/create-mailer";
import { mailConfigFromEnv } from "@/lib/mail/mail-config-from-env";
import { departAndSend, type ProviderRequest } from "@/lib/deliveries/provider-door";
import type { PaceDb } from "@/lib/deliveries/provider-pace";

// Two connections: a request at the gate and one more; the gate's transactions are a few statements.
// The backends keep the normal priority the workers' own connections give up (lib/db-backend-priority.ts):
// these statements decide when a request leaves, and there are a few a second.
const pool = createPool({ connectionString: resolveDatabaseUrl(), max: 2 }, poolSettings().waitMs);
const mailer = createMailer(mailConfigFromEnv());

const pace: PaceDb = async (body) => {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await body(async (sql, ...params) => (await client.query(sql, params)).rows);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
};

parentPort!.on("message", async ({ id, request }: { id: number; request: ProviderRequest }) => {
  try {
    parentPort!.postMessage({ id, outcome: await departAndSend(pace, mailer, request) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
