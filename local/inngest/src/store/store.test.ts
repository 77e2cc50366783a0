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

  it("groups corked appends into one write, each record still its own line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
    const j = new Journal(dir);
    j.cork();
    j.append({ t: "run", r: run("r1") });
    j.append({ t: "kv", k: "a", v: 1 });
    expect(fs.readFileSync(j.file, "utf8")).toBe("");
    j.uncork();
    expect(fs.readFileSync(j.file, "utf8").trim().split("\n")).toHaveLength(2);
    j.close();
    const s = new State();
    expect(new Journal(dir).replay(s)).toBe(2);
    expect(s.kv.get("a")).toBe(1);
  });

  it("indexes the newest gathering run of each debounce/batch key until it finishes or leaves", () => {
    const s = new State();
    s.apply({ t: "run", r: run("b1", { bkey: "f:k" }) });
    s.apply({ t: "run", r: run("d1", { dkey: "f:k" }) });
    expect(s.gathering.get("b:f:k")).toBe("b1");
    expect(s.gathering.get("d:f:k")).toBe("d1");
    // A newer run of the key takes over; the older one finishing does not drop the newer's entry.
    s.apply({ t: "run", r: run("b2", { bkey: "f:k" }) });
    s.apply({ t: "u", id: "b1", set: { status: "Cancelled", notified: true } });
    expect(s.gathering.get("b:f:k")).toBe("b2");
    // Cancelled (or finished) runs leave the index, and so do archived ones.
    s.apply({ t: "u", id: "b2", set: { status: "Cancelled", notified: false } });
    expect(s.gathering.has("b:f:k")).toBe(false);
    s.apply({ t: "x", id: "d1" });
    expect(s.gathering.size).toBe(0);
    // Replay (or a compacted journal) rebuilds it from the runs in flight.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journal-"));
    const j = new Journal(dir);
    j.append({ t: "run", r: run("b3", { bkey: "f:j" }) });
    j.close();
    const s2 = new State();
    new Journal(dir).replay(s2);
    expect(s2.gathering.get("b:f:j")).toBe("b3");
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
