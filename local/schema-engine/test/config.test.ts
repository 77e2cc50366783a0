import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DROP_IN_ENGINE, findEnginesDir, nativeSchemaEngine, schemaEngineEnv } from "../config";

const tmp: string[] = [];
function enginesDir(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "blast-engines-"));
  tmp.push(dir);
  for (const f of files) fs.writeFileSync(path.join(dir, f), "");
  return dir;
}
afterEach(() => {
  for (const d of tmp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("schemaEngineEnv", () => {
  it("keeps PRISMA_SCHEMA_ENGINE_BINARY when the user set it", () => {
    const env: Record<string, string | undefined> = { PRISMA_SCHEMA_ENGINE_BINARY: "/opt/my-engine" };
    const choice = schemaEngineEnv(env, { enginesDir: enginesDir([]) });
    expect(choice).toEqual({ kind: "user", path: "/opt/my-engine" });
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBe("/opt/my-engine");
  });

  it("treats the deprecated PRISMA_MIGRATION_ENGINE_BINARY as user-set too", () => {
    const env: Record<string, string | undefined> = { PRISMA_MIGRATION_ENGINE_BINARY: "/opt/old-engine" };
    expect(schemaEngineEnv(env, { enginesDir: enginesDir([]) }).kind).toBe("user");
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
  });

  it("leaves the env alone when a native engine is present in @prisma/engines", () => {
    const dir = enginesDir(["package.json", "schema-engine-debian-openssl-3.0.x"]);
    const env: Record<string, string | undefined> = {};
    const choice = schemaEngineEnv(env, { enginesDir: dir });
    expect(choice).toEqual({ kind: "native", path: path.join(dir, "schema-engine-debian-openssl-3.0.x") });
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBeUndefined();
  });

  it("points the CLI at the drop-in engine when no native engine is present", () => {
    const env: Record<string, string | undefined> = {};
    const choice = schemaEngineEnv(env, {
      enginesDir: enginesDir(["package.json", "schema-engine-debian-openssl-3.0.x.sha256", "schema-engine-x.gz"]),
    });
    expect(choice).toEqual({ kind: "drop-in", path: DROP_IN_ENGINE });
    expect(env.PRISMA_SCHEMA_ENGINE_BINARY).toBe(DROP_IN_ENGINE);
  });

  it("uses the drop-in engine when @prisma/engines cannot be found", () => {
    const env: Record<string, string | undefined> = {};
    expect(schemaEngineEnv(env, { enginesDir: null }).kind).toBe("drop-in");
    expect(schemaEngineEnv({}, { enginesDir: path.join(os.tmpdir(), "does-not-exist-blast") }).kind).toBe("drop-in");
  });

  it("the drop-in engine exists and is executable", () => {
    const st = fs.statSync(DROP_IN_ENGINE);
    expect(st.mode & 0o111).not.toBe(0);
  });

  it("finds this project's @prisma/engines (no native binary on this machine, or one that is detected)", () => {
    const dir = findEnginesDir();
    expect(dir && fs.existsSync(path.join(dir, "package.json"))).toBeTruthy();
    const native = nativeSchemaEngine(dir);
    if (native) expect(path.basename(native)).toMatch(/^schema-engine-/);
  });
});
