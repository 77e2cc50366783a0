import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { OutgoingEvent } from "@/lib/events/contracts";

/**
 * The transactional outbox. A change and the event it causes are written in one transaction
 * (`enqueueEvent`); the event is sent after commit (`dispatchOutbox`). If the process dies in between,
 * or the engine is down, the row stays unsent and the outbox-resender function sends it later. The
 * event id is fixed when the row is written, so sending a row twice never starts a second run.
 */
/** What the outbox hands to the engine: rows written through enqueueEvent, read back. */
export type StoredEvent = { id: string; name: string; data: Record<string, unknown> };
export type SendEvents = (events: StoredEvent[]) => Promise<unknown>;

export async function enqueueEvent(tx: Prisma.TransactionClient, event: OutgoingEvent): Promise<void> {
  // Once per event id. createMany + skipDuplicates is one INSERT … ON CONFLICT DO NOTHING; an upsert was
  // three statements (select, insert, select) in every action and step that emits an event.
  await tx.outboxEvent.createMany({
    data: [{ eventId: event.id, name: event.name, data: event.data as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
}

/** Inngest accepts at most 5,000 events per send; we stay well below to keep requests small. */
const SEND_CHUNK = 500;

/**
 * Sends unsent outbox rows: the given event ids (right after a commit), or every row older than
 * `olderThanMs` (the periodic re-send). Returns how many were sent; a failed send leaves rows unsent
 * and records the error, so nothing is lost.
 */
export async function dispatchOutbox(
  db: PrismaClient,
  send: SendEvents,
  options: { eventIds?: string[]; olderThanMs?: number; limit?: number } = {},
): Promise<{ sent: number; failed: number }> {
  const where: Prisma.OutboxEventWhereInput = { sentAt: null };
  if (options.eventIds) where.eventId = { in: options.eventIds };
  if (options.olderThanMs !== undefined) where.createdAt = { lte: new Date(Date.now() - options.olderThanMs) };
  const rows = await db.outboxEvent.findMany({ where, orderBy: { createdAt: "asc" }, take: options.limit ?? 5_000 });
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < rows.length; i += SEND_CHUNK) {
    const chunk = rows.slice(i, i + SEND_CHUNK);
    try {
      await send(chunk.map((r) => ({ id: r.eventId, name: r.name, data: r.data as Record<string, unknown> })));
      await db.outboxEvent.updateMany({ where: { id: { in: chunk.map((r) => r.id) } }, data: { sentAt: new Date() } });
      sent += chunk.length;
    } catch (error) {
      failed += chunk.length;
      await db.outboxEvent.updateMany({
        where: { id: { in: chunk.map((r) => r.id) } },
        data: { attempts: { increment: 1 }, lastError: String((error as Error).message ?? error).slice(0, 500) },
      });
    }
  }
  return { sent, failed };
}
