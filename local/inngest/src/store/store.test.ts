import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Journal } from "./journal.js";
import { State } from "./state.js";
import type { Run } from "./types.js";

const run = (id: string, extra: Partial<Run> = {}): Run => ({
  id,
  fnId: "f",
  app: "a",
  status: "Queued",
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

describe("journal and state", () => {
  it("replays updates, ignoring a torn last line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
    const j = new Journal(dir);
    j.append({ t: "run", r: run("r1") });
    j.append({
      t: "u",
      id: "r1",
      memo: { s1: { type: "data", data: 1 } },
      pend: { step: { kind: "call", step: "step", attempt: 0, at: 0, tok: "t" } },
    });
    j.append({
      t: "b",
      r: [
        { t: "kv", k: "idem:x", v: 5 },
        { t: "u", id: "r1", set: { status: "Running" } },
      ],
    });
    j.close();
    fs.appendFileSync(path.join(dir, "journal.jsonl"), '{"t":"u","id":"r1","set":{"status":"Compl');
    const s = new State();
    new Journal(dir).replay(s);
    const r = s.runs.get("r1")!;
    expect(r.status).toBe("Running");
    expect(r.steps.s1).toEqual({ type: "data", data: 1 });
    expect(r.stack).toEqual(["s1"]);
    expect(Object.keys(r.pending)).toEqual(["step"]);
    expect(s.kv.get("idem:x")).toBe(5);
    expect(s.active.has("r1")).toBe(true);
  });

  it("compacts to the same live state and keeps dedupe ids", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
    const j = new Journal(dir);
    const s = new State(1, 1);
    const commit = (rec: Parameters<State["apply"]>[0]) => (j.append(rec), s.apply(rec));
    for (let i = 0; i < 3; i++) {
      commit({
        t: "ev",
        e: {
          internalId: `E${i}`,
          receivedAt: Date.now(),
          event: { id: `id${i}`, name: "x", data: {}, ts: 0 },
          dedupeKey: `id:id${i}`,
          runIds: [],
        },
      });
      commit({ t: "run", r: run(`r${i}`, { eventInternalId: `E${i}` }) });
      commit({ t: "u", id: `r${i}`, set: { status: "Completed", endedAt: i, notified: true } });
    }
    commit({ t: "run", r: run("live") });
    j.compact(s);
    j.close();
    const s2 = new State();
    new Journal(dir).replay(s2);
    expect([...s2.runs.keys()].sort()).toEqual(["live", "r2"]);
    expect(s2.events.size).toBe(1);
    for (let i = 0; i < 3; i++) expect(s2.isDuplicate(`id:id${i}`, Date.now())).toBeTruthy();
  });
});

describe("data dir lock", () => {
  it("refuses a dir owned by a live process and takes over a dead one's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
    fs.writeFileSync(path.join(dir, "lock"), String(process.ppid));
    expect(() => new Journal(dir)).toThrow(/in use by another executor/);
    fs.writeFileSync(path.join(dir, "lock"), "999999999");
    const j = new Journal(dir);
    expect(fs.readFileSync(path.join(dir, "lock"), "utf8")).toBe(String(process.pid));
    j.close();
    expect(fs.existsSync(path.join(dir, "lock"))).toBe(false);
  });
});
