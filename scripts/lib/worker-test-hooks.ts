import type http from "node:http";
import pg from "pg";
import { inngest } from "@/inngest/client";
import { getDb } from "@/lib/db";
import { createAgency } from "@/lib/accounts/create-agency";
import { normalizeEmail } from "@/lib/customers/normalize-email";
import { dispatchOutbox } from "@/lib/outbox/outbox";
import { requestBlast } from "@/lib/blasts/request-blast";
import { cancelBlast, retryFailed } from "@/lib/blasts/change-blast";
import { pauseBlast, resumeBlast } from "@/lib/blasts/pause-blast";
import { createBlastSchema } from "@/lib/blasts/blast.validation";

/**
 * Test-and-benchmark hooks of scripts/inngest-worker.ts (only with WORKER_TEST_HOOKS=1). The worker
 * owns the database (PGlite allows one process), so tests seed, request blasts and read results through
 * it — calling the same domain functions the server actions call, then dispatching the outbox.
 */
type Handler = (body: Record<string, unknown>) => Promise<unknown>;

/**
 * SQL statements this process sent to PostgreSQL (BEGIN and COMMIT included), for the benchmark's "SQL
 * statements per email": every query of Prisma's pg adapter goes through pg.Client#query. PGlite is not counted.
 */
let sqlStatements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  sqlStatements += 1;
  return query.apply(this, args);
};

const send = async (events: { id: string; name: string; data: Record<string, unknown> }[]) => inngest.send(events);

async function dispatch(eventIds: string[]) {
  return dispatchOutbox(await getDb(), send, { eventIds });
}

const hooks: Record<string, Handler> = {
  /** An agency with `customers` eligible customers plus `inactive`, `optedOut` and `invalid` ones. */
  async seed(body) {
    const db = await getDb();
    const tag = Math.random().toString(36).slice(2, 8);
    const { account, owner } = await createAgency(db, {
      name: `Bench Agency ${tag}`,
      senderName: "Bench",
      senderEmail: `bench-${tag}@agency.test`,
      postalAddress: "1 Test Road",
      owner: { name: "Owner", email: `owner-${tag}@agency.test`, password: "password-123" },
      credit: Number(body.credit ?? 1_000_000),
    });
    const rows: { email: string; status: "ACTIVE" | "INACTIVE"; optedOutAt: Date | null }[] = [];
    const add = (n: number, make: (i: number) => (typeof rows)[number]) => {
      for (let i = 0; i < n; i++) rows.push(make(i));
    };
    add(Number(body.customers ?? 10), (i) => ({ email: `c${i}-${tag}@example.com`, status: "ACTIVE", optedOutAt: null }));
    add(Number(body.inactive ?? 0), (i) => ({ email: `inactive${i}-${tag}@example.com`, status: "INACTIVE", optedOutAt: null }));
    add(Number(body.optedOut ?? 0), (i) => ({ email: `optout${i}-${tag}@example.com`, status: "ACTIVE", optedOutAt: new Date() }));
    add(Number(body.invalid ?? 0), (i) => ({ email: `invalid${i}-${tag}@mailinator.com`, status: "ACTIVE", optedOutAt: null }));
    // Raw SQL in chunks, as the CSV import does: Prisma's createMany keeps each distinct query in its plan
    // cache, values included — a 100,000-customer seed held 250 MB there and ran the worker out of heap.
    for (let i = 0; i < rows.length; i += 5_000) {
      const chunk = rows.slice(i, i + 5_000);
      await db.$executeRaw`
        INSERT INTO "Customer" ("id", "accountId", "firstName", "lastName", "email", "emailNormalized", "status", "optedOutAt", "createdAt", "updatedAt")
        SELECT gen_random_uuid()::text, ${account.id}, v.first, 'Test', v.email, v.norm, v.status::"CustomerStatus", v.opted, now(), now()
        FROM unnest(${chunk.map((_, j) => `First${i + j}`)}::text[], ${chunk.map((r) => r.email)}::text[],
                    ${chunk.map((r) => normalizeEmail(r.email))}::text[], ${chunk.map((r) => r.status)}::text[],
                    ${chunk.map((r) => r.optedOutAt)}::timestamp[]) AS v(first, email, norm, status, opted)`;
    }
    return { accountId: account.id, userId: owner.id, customers: rows.length, tag };
  },
  async blast(body) {
    const started = performance.now();
    const input = createBlastSchema.parse({
      templateKey: "disaster-claims",
      subject: "Claims hotline",
      customMessage: "Call us.",
      selection: { mode: "all" },
      ...(body.input as object),
    });
    const requested = await requestBlast(await getDb(), { accountId: String(body.accountId), userId: String(body.userId) }, input);
    const requestMs = performance.now() - started;
    await dispatch(requested.eventIds);
    return { blastId: requested.blastId, requestMs };
  },
  async cancel(body) {
    const r = await cancelBlast(await getDb(), { accountId: String(body.accountId), userId: String(body.userId) }, String(body.blastId));
    return dispatch(r.eventIds);
  },
  async pause(body) {
    await pauseBlast(await getDb(), { accountId: String(body.accountId), userId: String(body.userId) }, String(body.blastId));
    return {};
  },
  async resume(body) {
    const r = await resumeBlast(await getDb(), { accountId: String(body.accountId), userId: String(body.userId) }, String(body.blastId));
    return dispatch(r.eventIds);
  },
  async retry(body) {
    const r = await retryFailed(await getDb(), { accountId: String(body.accountId), userId: String(body.userId) }, String(body.blastId));
    return dispatch(r.eventIds);
  },
  async deactivate(body) {
    await (await getDb()).user.update({ where: { id: String(body.userId) }, data: { active: false } });
    return {};
  },
  /** Sends the blast's request event and every per-customer event again (duplicates must change nothing). */
  async duplicate(body) {
    const db = await getDb();
    const deliveries = await db.delivery.findMany({
      where: { blastId: String(body.blastId) },
      select: { id: true, customerId: true, accountId: true },
    });
    const fresh = Boolean(body.freshIds);
    await send(
      deliveries.map((d) => ({
        id: `${fresh ? "dup:" : ""}blast:${body.blastId}:customer:${d.customerId}`,
        name: "blast/customer.requested",
        data: {
          blastId: String(body.blastId),
          accountId: d.accountId,
          customerId: d.customerId,
          deliveryId: d.id,
          urgent: false,
          round: 0,
        },
      })),
    );
    return { resent: deliveries.length };
  },
  /** Step calls the worker has served (a POST from the engine runs one step, or ends a run). */
  async stats() {
    const { served, failedCalls } = await import("./serve-route");
    return { stepCalls: served.POST ?? 0, failedCalls, sqlStatements, memory: process.memoryUsage().rss, heap: process.memoryUsage() };
  },
  /** The blast's counters only: cheap enough to poll every 100 ms while 100,000 recipients send. */
  async progress(body) {
    const db = await getDb();
    return { blast: await db.blast.findUniqueOrThrow({ where: { id: String(body.blastId) } }) };
  },
  /** Why deliveries failed, most common first (the benchmark prints them: a failure is a finding). */
  async failures(body) {
    const db = await getDb();
    const rows = await db.delivery.groupBy({ by: ["reason"], where: { blastId: String(body.blastId), status: "FAILED" }, _count: true });
    return rows.map((r) => ({ reason: r.reason, count: r._count })).sort((a, b) => b.count - a.count);
  },
  async state(body) {
    const db = await getDb();
    const blast = await db.blast.findUniqueOrThrow({ where: { id: String(body.blastId) } });
    const byStatus = await db.delivery.groupBy({ by: ["status"], where: { blastId: blast.id }, _count: true });
    const sent = await db.delivery.findMany({ where: { blastId: blast.id, status: "SENT" }, select: { email: true } });
    const account = await db.account.findUniqueOrThrow({ where: { id: blast.accountId } });
    const ledger = await db.creditEntry.aggregate({ where: { accountId: blast.accountId }, _sum: { delta: true } });
    const activities = await db.activity.groupBy({ by: ["type"], where: { blastId: blast.id }, _count: true });
    // Checked and waiting in the provider queue (not yet in a batch).
    const queued = await db.sendQueue.count({ where: { delivery: { blastId: blast.id } } });
    return {
      blast,
      queued,
      deliveries: Object.fromEntries(byStatus.map((r) => [r.status, r._count])),
      sentEmails: sent.map((s) => s.email),
      creditBalance: account.creditBalance,
      ledgerSum: ledger._sum.delta ?? 0,
      activities: Object.fromEntries(activities.map((r) => [r.type, r._count])),
    };
  },
};

export async function handleTestHook(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  const match = /^\/_test\/([a-z]+)$/.exec(req.url ?? "");
  if (!match || req.method !== "POST" || !hooks[match[1]]) return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const result = await hooks[match[1]](chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {});
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  } catch (error) {
    res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String((error as Error).stack ?? error) }));
  }
  return true;
}
