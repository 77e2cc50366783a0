/**
 * What the executor benches feed the engine: Blast's per-customer function (its real flow control:
 * concurrency and a throttle per lane, priority, cancelOn) registered against an app that never answers,
 * so runs stay queued, and the customer events of one blast.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startExecutor } from "../src/index.js";
import type { FnConfig } from "../src/store/types.js";

const LANE = 'event.data.accountId + (event.data.urgent ? ":urgent" : "")';
const BLAST_CUSTOMER_FN: FnConfig = {
  id: "bench-blast-customer-sender",
  triggers: [{ event: "blast/customer.requested" }],
  steps: { step: { id: "step", name: "step", runtime: { type: "http", url: "http://127.0.0.1:9/api/inngest" }, retries: { attempts: 4 } } },
  concurrency: [{ limit: 50, key: LANE }],
  // One run per hour: the first starts (and fails against port 9), the rest stay queued.
  throttle: { limit: 1, period: "1h", key: LANE, burst: 0 },
  priority: { run: "event.data.urgent ? 120 : 0" },
  cancel: [{ event: "blast/cancelled", if: "async.data.blastId == event.data.blastId" }],
};

/** An executor in a throwaway folder with the function registered; `close` also removes the folder. */
export async function startBenchExecutor(prefix: string) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const ex = await startExecutor({ port: 0, dataDir });
  ex.engine.commit({
    t: "app",
    app: { name: "bench", url: "http://127.0.0.1:9/api/inngest", syncedAt: Date.now(), fns: [BLAST_CUSTOMER_FN] },
  });
  return {
    ex,
    close: async () => {
      await ex.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Customer event number i of one blast, as Blast's fan-out sends it. */
export function customerEvent(i: number) {
  const n = String(i).padStart(8, "0");
  return {
    name: "blast/customer.requested",
    id: `blast:cm0abcdefghijklmnop:customer:cm0customer${n}`,
    data: {
      blastId: "cm0abcdefghijklmnop",
      accountId: "cm0account0000000001",
      customerId: `cm0customer${n}`,
      deliveryId: `cm0delivery${n}`,
      urgent: false,
      round: 0,
    },
  };
}
