import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ulid } from "../util/ids.js";
import { History, ulidTime } from "./history.js";
import type { Run } from "./types.js";

const run = (id: string, extra: Partial<Run> = {}): Run => ({
  id,
  fnId: "f",
  app: "a",
  status: "Completed",
  event: { id: "e", name: "x", data: {}, ts: 0 },
  events: [],
  createdAt: 0,
  maxAttempts: 4,
  priority: 0,
  ckeys: [],
  steps: {},
  stack: [],
  pending: {},
  log: {},
  ...extra,
});

describe("history of finished runs", () => {
  it("finds runs by id and lists them newest first across segments and reopenings", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-"));
    const h = new History(dir, 86_400_000, { segmentBytes: 600 });
    const ids = Array.from({ length: 30 }, () => ulid());
    for (const id of ids) h.append(run(id, { output: "x".repeat(50) }));
    h.append(run(ids[3]!)); // archived twice (crash between history and journal): listed once
    expect(h.segmentCount).toBeGreaterThan(3);
    h.close();
    const h2 = new History(dir, 86_400_000, { segmentBytes: 600 });
    expect(h2.find(ids[7]!)?.id).toBe(ids[7]);
    expect(h2.find(ulid())).toBeUndefined();
    const listed = [...h2.newestFirst()].map((r) => r.id);
    expect(listed).toHaveLength(30);
    expect(listed[0]).toBe(ids[3]);
    expect(listed.slice(1)).toEqual(ids.filter((id) => id !== ids[3]).reverse());
    expect(ulidTime(ids[0]!)).toBeLessThanOrEqual(Date.now());
  });

  it("prunes segments older than the retention window", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-"));
    const h = new History(dir, 10_000, { segmentBytes: 1 });
    const t0 = Date.now();
    h.append(run("A0000000000000000000000000"), t0);
    h.append(run("B0000000000000000000000000"), t0 + 5_000);
    h.append(run("C0000000000000000000000000"), t0 + 12_000);
    expect([...h.newestFirst()].map((r) => r.id[0])).toEqual(["C", "B", "A"]);
    // A's segment ended when B's began (t0 + 5 s): 11 s ago at t0 + 16 s, past the 10 s window.
    expect(h.prune(t0 + 16_000)).toBe(1);
    expect([...h.newestFirst()].map((r) => r.id[0])).toEqual(["C", "B"]);
    expect(h.prune(t0 + 30_000)).toBe(2);
    expect([...h.newestFirst()]).toEqual([]);
    h.append(run("D0000000000000000000000000"), t0 + 31_000);
    expect(h.find("D0000000000000000000000000")?.id).toBe("D0000000000000000000000000");
  });
});
