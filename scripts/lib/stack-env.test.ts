import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeEngine, exposureProblem, planStack } from "./stack-env";

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "blast-plan-"));

describe("the start plan", () => {
  it("runs every local stand-in on a bare machine, with secrets kept across starts", () => {
    const DATA_DIR = dir();
    const plan = planStack({ DATA_DIR }, "production");
    expect(plan.inngest.local).toBe(true);
    expect(plan.resend.local).toBe(true);
    // The local executor runs like Inngest Cloud: signed calls to /api/inngest, keyed events, no dev mode.
    expect(plan.inngest.mode).toBe("local");
    expect(plan.appEnv.INNGEST_DEV).toBeUndefined();
    expect(plan.appEnv.INNGEST_SIGNING_KEY).toMatch(/^signkey-local-[0-9a-f]{64}$/);
    expect(plan.inngest.env.INNGEST_SIGNING_KEY).toBe(plan.appEnv.INNGEST_SIGNING_KEY);
    expect(plan.inngest.env.INNGEST_LOCAL_EVENT_KEY).toBe(plan.appEnv.INNGEST_EVENT_KEY);
    expect(planStack({ DATA_DIR }, "production").appEnv.INNGEST_SIGNING_KEY).toBe(plan.appEnv.INNGEST_SIGNING_KEY);
    expect(describeEngine(plan)).toMatch(/signed calls only/);
    expect(plan.appEnv.RESEND_BASE_URL).toBe("http://127.0.0.1:3025");
    expect(plan.appEnv.AUTH_SECRET).toHaveLength(43);
    expect(planStack({ DATA_DIR }, "production").appEnv.AUTH_SECRET).toBe(plan.appEnv.AUTH_SECRET);
    expect(fs.statSync(path.join(DATA_DIR, "secrets.json")).mode & 0o077).toBe(0);
  });

  it("uses the real services whenever they are configured", () => {
    const plan = planStack(
      { DATA_DIR: dir(), INNGEST_BASE_URL: "http://127.0.0.1:9999", RESEND_API_KEY: "re_live", AUTH_SECRET: "s".repeat(40) },
      "production",
    );
    expect(plan.inngest.local).toBe(false);
    expect(plan.resend.local).toBe(false);
    expect(plan.appEnv.RESEND_BASE_URL).toBeUndefined();
    expect(plan.appEnv.AUTH_SECRET).toBe("s".repeat(40));
    expect(planStack({ DATA_DIR: dir(), INNGEST_SIGNING_KEY: "signkey-prod-abc" }, "production").inngest.local).toBe(false);
  });

  it("uses dev mode only for a real Inngest dev server, and then refuses a non-loopback HOST unless forced", () => {
    const devServer = planStack({ DATA_DIR: dir(), INNGEST_BASE_URL: "http://127.0.0.1:8288" }, "production");
    expect(devServer.inngest.mode).toBe("dev-server");
    expect(devServer.appEnv.INNGEST_DEV).toBe("1");
    expect(devServer.appEnv.INNGEST_SIGNING_KEY).toBeUndefined();
    expect(describeEngine(devServer)).toMatch(/accepts unsigned calls/);
    expect(exposureProblem(devServer)).toBeNull();
    expect(planStack({ DATA_DIR: dir(), INNGEST_DEV: "1" }, "production").inngest.mode).toBe("dev-server");
    const exposed = planStack({ DATA_DIR: dir(), INNGEST_DEV: "1", HOST: "0.0.0.0" }, "production");
    expect(exposureProblem(exposed)).toMatch(/Refusing to bind HOST=0\.0\.0\.0/);
    expect(
      exposureProblem(planStack({ DATA_DIR: dir(), INNGEST_DEV: "1", HOST: "0.0.0.0", INNGEST_DEV_ALLOW_REMOTE: "1" }, "production")),
    ).toBeNull();
    // Signed modes may bind anywhere.
    expect(exposureProblem(planStack({ DATA_DIR: dir(), HOST: "0.0.0.0" }, "production"))).toBeNull();
    const cloud = planStack(
      { DATA_DIR: dir(), HOST: "0.0.0.0", INNGEST_SIGNING_KEY: "signkey-prod-abc", INNGEST_EVENT_KEY: "k" },
      "production",
    );
    expect(cloud.inngest.mode).toBe("cloud");
    expect(cloud.appEnv.INNGEST_SIGNING_KEY).toBe("signkey-prod-abc");
    expect(exposureProblem(cloud)).toBeNull();
  });

  it("moves ports and the data directory with PORT, DATA_DIR and the stand-ins' variables", () => {
    const DATA_DIR = dir();
    const plan = planStack({ DATA_DIR, PORT: "4000", INNGEST_PORT: "9288", RESEND_SINK_PORT: "4025" }, "development");
    expect(plan.appUrl).toBe("http://localhost:4000");
    // The engine calls the worker processes (PORT + 1 unless WORKER_PORT), never the app.
    expect(plan.inngest.env.INNGEST_SERVE_URL).toBe("http://127.0.0.1:4001/api/inngest");
    expect(plan.inngest.url).toBe("http://127.0.0.1:9288");
    expect(plan.resend.env.RESEND_SINK_DATA_DIR).toBe(path.join(DATA_DIR, "resend"));
    // So do the sink's webhooks: one per email event, work that grows with a blast.
    expect(plan.resend.env.RESEND_SINK_WEBHOOK_URL).toBe("http://127.0.0.1:4001/api/webhooks/resend");
  });

  it("runs the workers' backends of the embedded database at the workers' priority, never an external server's", () => {
    expect(planStack({ DATA_DIR: dir() }, "production").workers).toMatchObject({ nice: 10, backendNice: 10 });
    expect(planStack({ DATA_DIR: dir(), WORKER_NICE: "5" }, "production").workers).toMatchObject({ nice: 5, backendNice: 5 });
    expect(planStack({ DATA_DIR: dir(), WORKER_NICE: "0" }, "production").workers).toMatchObject({ nice: 0, backendNice: 0 });
    const external = planStack({ DATA_DIR: dir(), DATABASE_URL: "postgresql://u@db.example.com/blast" }, "production");
    expect(external.workers).toMatchObject({ nice: 10, backendNice: 0 });
  });
});
