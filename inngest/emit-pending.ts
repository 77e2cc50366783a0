import { inngest } from "@/inngest/client";
import { runtime } from "@/inngest/runtime";
import { listPendingDeliveries } from "@/lib/blasts/start-blast";
import { customerEventId, resumedCustomerEventId } from "@/lib/blasts/event-ids";
import type { OutgoingEvent } from "@/lib/events/contracts";

/** Events per send: Inngest accepts 5,000; each chunk is one step, so 100,000 recipients are 20 steps. */
export const EVENT_CHUNK = 5_000;

type StepTools = { run: <T>(id: string, fn: () => Promise<T>) => Promise<unknown> };

/**
 * Emits one "blast/customer.requested" per PENDING delivery of a blast, in chunks, each chunk one step
 * whose output is a count and a cursor (never the recipient list). Used by the fan-out (resume 0: the
 * round's own ids) and by a resume (new ids, so the engine runs them again; the claim sends each once).
 */
export async function emitPendingDeliveries(
  step: StepTools,
  ref: { blastId: string; accountId: string },
  opts: { round: number; urgent: boolean; resume?: number },
): Promise<number> {
  const { round, urgent, resume = 0 } = opts;
  const eventId = (customerId: string) =>
    resume > 0 ? resumedCustomerEventId(ref.blastId, customerId, round, resume) : customerEventId(ref.blastId, customerId, round);
  const prefix = resume > 0 ? `emit-${round}-resume-${resume}` : `emit-${round}`;
  let cursor: string | null = null;
  let emitted = 0;
  for (let chunk = 0; ; chunk++) {
    const page = (await step.run(`${prefix}-${chunk}`, async () => {
      const { db } = await runtime();
      const rows = await listPendingDeliveries(db, ref.blastId, cursor, EVENT_CHUNK);
      if (rows.length > 0) {
        await inngest.send(
          rows.map((d): OutgoingEvent => ({
            id: eventId(d.customerId),
            name: "blast/customer.requested",
            data: { blastId: ref.blastId, accountId: d.accountId, customerId: d.customerId, deliveryId: d.id, urgent, round },
          })),
        );
      }
      return { count: rows.length, last: rows.at(-1)?.id ?? null };
    })) as { count: number; last: string | null };
    emitted += page.count;
    if (page.count < EVENT_CHUNK) break;
    cursor = page.last;
  }
  return emitted;
}
