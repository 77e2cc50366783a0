import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { runtime } from "@/inngest/runtime";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/**
 * Every minute: sends outbox events that were committed but never reached the engine (the process died
 * after commit, or the engine was down). Their ids are fixed, so a late or double send starts nothing twice.
 * While the engine itself is down nothing can run; its first tick after it is back sends what waited.
 */
export const outboxResender = inngest.createFunction(
  { id: "outbox-resender", triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
  async ({ step }) =>
    step.run("dispatch", async () => {
      const { db } = await runtime();
      return dispatchOutbox(db, (events) => inngest.send(events), { olderThanMs: 30_000 });
    }),
);
