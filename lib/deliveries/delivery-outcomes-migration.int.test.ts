import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, it } from "vitest";

// The migration that adds delivery outcomes also fills them in from the reports already received, which
// until then were kept only as Activity rows. Run it on a database holding such rows.
const MIGRATIONS = path.resolve(__dirname, "../../prisma/migrations");
const THIS = "20261203120000_delivery_outcomes";
const sql = (dir: string) => readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8");
let pg: PGlite;

beforeAll(async () => {
  pg = new PGlite();
  const dirs = readdirSync(MIGRATIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const dir of dirs.filter((d) => d < THIS)) await pg.exec(sql(dir));
});
afterAll(() => pg.close());

it("backfills each delivery's top-ranked reported outcome and the blasts' counters from the Activity history", async () => {
  await pg.exec(`
    INSERT INTO "Account" ("id", "name", "senderName", "senderEmail", "updatedAt") VALUES ('acc', 'Harbor', 'Dana', 'd@h.test', now()), ('other', 'Other', 'O', 'o@o.test', now());
    INSERT INTO "User" ("id", "accountId", "email", "name", "updatedAt") VALUES ('u', 'acc', 'u@h.test', 'Dana', now());
    INSERT INTO "Blast" ("id", "accountId", "createdById", "templateKey", "subject", "selection", "status", "sentCount", "updatedAt")
      VALUES ('b', 'acc', 'u', 'office-hours', 'S', '{"mode":"all"}', 'COMPLETED', 4, now());
    INSERT INTO "Customer" ("id", "accountId", "email", "emailNormalized", "updatedAt") VALUES
      ('c1', 'acc', '1@x.test', '1@x.test', now()), ('c2', 'acc', '2@x.test', '2@x.test', now()), ('c3', 'acc', '3@x.test', '3@x.test', now()), ('c4', 'acc', '4@x.test', '4@x.test', now());
    INSERT INTO "Delivery" ("id", "accountId", "blastId", "customerId", "email", "status", "providerMessageId", "updatedAt") VALUES
      ('d1', 'acc', 'b', 'c1', '1@x.test', 'SENT', 'p1', now()), ('d2', 'acc', 'b', 'c2', '2@x.test', 'SENT', 'p2', now()),
      ('d3', 'acc', 'b', 'c3', '3@x.test', 'SENT', 'p3', now()), ('d4', 'acc', 'b', 'c4', '4@x.test', 'SENT', 'p4', now());
    INSERT INTO "Activity" ("id", "accountId", "type", "blastId", "detail", "dedupKey", "at") VALUES
      ('a1', 'acc', 'email.delivered', 'b', '{"deliveryId":"d1","emailId":"p1"}', 'resend:p1:email.delivered', '2026-03-01 12:00:01'),
      ('a2', 'acc', 'email.delivered', 'b', '{"deliveryId":"d2","emailId":"p2"}', 'resend:p2:email.delivered', '2026-03-01 12:00:09'),
      ('a3', 'acc', 'email.bounced', 'b', '{"deliveryId":"d2","emailId":"p2","bounce":{"type":"Permanent","message":"550 gone"}}', 'resend:p2:email.bounced', '2026-03-01 12:00:02'),
      ('a4', 'acc', 'email.delivered', 'b', '{"deliveryId":"d3","emailId":"p3"}', 'resend:p3:email.delivered', '2026-03-01 12:00:01'),
      ('a5', 'acc', 'email.complained', 'b', '{"deliveryId":"d3","emailId":"p3"}', 'resend:p3:email.complained', '2026-03-01 13:00:00'),
      -- Claims another agency's delivery: never applied.
      ('a6', 'other', 'email.bounced', NULL, '{"deliveryId":"d4","emailId":"p4"}', 'resend:p4:email.bounced', '2026-03-01 12:00:00');
  `);
  await pg.exec(sql(THIS));
  const { rows } = await pg.query<{ id: string; outcome: string | null; outcomeAt: Date | null; outcomeDetail: string | null }>(
    `SELECT "id", "outcome", "outcomeAt", "outcomeDetail" FROM "Delivery" ORDER BY "id"`,
  );
  expect(rows.map((r) => [r.id, r.outcome, r.outcomeDetail])).toEqual([
    ["d1", "DELIVERED", null],
    ["d2", "BOUNCED", "Permanent / 550 gone"],
    ["d3", "COMPLAINED", null],
    ["d4", null, null],
  ]);
  const {
    rows: [blast],
  } = await pg.query<Record<string, number>>(
    `SELECT "deliveredCount", "bouncedCount", "complainedCount", "delayedCount", "openedCount" FROM "Blast" WHERE "id" = 'b'`,
  );
  expect(blast).toEqual({ deliveredCount: 1, bouncedCount: 1, complainedCount: 1, delayedCount: 0, openedCount: 0 });
});
