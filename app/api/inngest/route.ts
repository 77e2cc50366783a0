import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";
import { refuseReplays } from "@/inngest/replay-guard";

// The engine (local/inngest, inngest-cli dev, or Inngest Cloud) calls this route to run each step.
// Outside dev mode the SDK runs only calls signed with INNGEST_SIGNING_KEY; a signature already used
// is refused before the SDK sees it (see replay-guard.ts).
const handlers = serve({ client: inngest, functions });

export const { GET, PUT } = handlers;
export const POST = refuseReplays(handlers.POST);
