import { optionsFromEnv } from "./config.js";
import { startExecutor } from "./executor.js";
import { startGcGovernor } from "./util/gc-governor.js";

// `npm run inngest:local` / `tsx local/inngest/src/main.ts [-u <serve url>] [-p <port>]`.
const options = optionsFromEnv(process.env, process.argv.slice(2));
const executor = await startExecutor(options);
if (process.env.INNGEST_LOCAL_GC_GOVERNOR !== "0") startGcGovernor();
console.log(`Inngest local executor on ${executor.url} — open it in a browser for runs and events`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping (state is on disk; runs resume on next start)`);
  void executor.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
