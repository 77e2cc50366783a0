import { optionsFromEnv } from "./options-from-env";
import { startResendSink } from "./start-resend-sink";

// `npm run resend:local`: the Resend stand-in as its own process, configured by environment variables.
const options = optionsFromEnv();
if (options.webhookUrl && !options.webhookSecret) {
  console.warn(
    "[resend-sink] RESEND_SINK_WEBHOOK_URL is set without RESEND_WEBHOOK_SECRET: webhooks go out unsigned and Blast will refuse them.",
  );
}
const sink = await startResendSink(options);
console.log(`[resend-sink] listening on ${sink.url} — inbox at ${sink.url}/ , API base URL for RESEND_BASE_URL: ${sink.url}`);
if (options.webhookUrl) console.log(`[resend-sink] posting webhooks to ${options.webhookUrl}`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void sink.close().then(() => process.exit(0));
  });
}
