import { Inngest } from "inngest";

/**
 * The Inngest client. Where it sends events and whether it checks signatures comes from the
 * environment, as the SDK reads it: INNGEST_DEV / INNGEST_BASE_URL (local/inngest or `inngest-cli dev`),
 * INNGEST_EVENT_KEY and INNGEST_SIGNING_KEY (Inngest Cloud or self-hosted).
 */
export const inngest = new Inngest({ id: "blast" });
