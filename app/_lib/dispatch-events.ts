import { after } from "next/server";
import { inngest } from "@/inngest/client";
import { getDb } from "@/lib/db";
import { dispatchOutbox } from "@/lib/outbox/outbox";

/**
 * Sends the outbox events an action just committed — after the response, so the click answers at
 * once even if the engine is slow or down. A send that fails stays in the outbox for outbox-resender.
 */
export function dispatchAfterResponse(eventIds: string[]): void {
  after(async () => {
    try {
      await dispatchOutbox(await getDb(), (events) => inngest.send(events), { eventIds });
    } catch (error) {
      console.error("[outbox] dispatch failed; the resender will retry", error);
    }
  });
}
