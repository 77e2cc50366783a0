import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planStack } from "./stack-env";

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "blast-plan-"));

describe("the start plan", () => {
  it("runs every local stand-in on a bare machine, with secrets kept across starts", () => {
    const DATA_DIR = dir();
    const plan = planStack({ DATA_DIR }, "production");
    expect(plan.inngest.local).toBe(true);
    expect(plan.resend.local).toBe(true);
    expect(plan.appEnv.INNGEST_DEV).toBe("1");
    expect(plan.appEnv.RESEND_BASE_URL).toBe("http://127.0.0.1:3025");
    expect(plan.appEnv.AUTH_SECRET).toHaveLength(43);
    expect(planStack({ DATA_DIR }, "production").appEnv.AUTH_SECRET).toBe(plan.appEnv.AUTH_SECRET);
    expect(fs.statSync(path.join(DATA_DIR, "secrets.json")).mode & 0o077).toBe(0);
  });

  it("uses the real services whenever they are configured", () => {
    const plan = planStack({ DATA_DIR: dir(), INNGEST_BASE_URL: "http://127.0.0.1:9999", RESEND_API_KEY: "re_live", AUTH_SECRET: "s".repeat(40) }, "production");
    expect(plan.inngest.local).toBe(false);
    expect(plan.resend.local).toBe(false);
    expect(plan.appEnv.RESEND_BASE_URL).toBeUndefined();
    expect(plan.appEnv.AUTH_SECRET).toBe("s".repeat(40));
    expect(planStack({ DATA_DIR: dir(), INNGEST_SIGNING_KEY: "signkey-prod-abc" }, "production").inngest.local).toBe(false);
  });

  it("moves ports and the data directory with PORT, DATA_DIR and the stand-ins' variables", () => {
    const DATA_DIR = dir();
    const plan = planStack({ DATA_DIR, PORT: "4000", INNGEST_PORT: "9288", RESEND_SINK_PORT: "4025" }, "development");
    expect(plan.appUrl).toBe("http://localhost:4000");
    expect(plan.inngest.env.INNGEST_SERVE_URL).toBe("http://127.0.0.1:4000/api/inngest");
    expect(plan.inngest.url).toBe("http://127.0.0.1:9288");
    expect(plan.resend.env.RESEND_SINK_DATA_DIR).toBe(path.join(DATA_DIR, "resend"));
    expect(plan.resend.env.RESEND_SINK_WEBHOOK_URL).toBe("http://127.0.0.1:4000/api/webhooks/resend");
  });
});
