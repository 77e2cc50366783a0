import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";

// The engine (local/inngest, inngest-cli dev, or Inngest Cloud) calls this route to run each step.
export const { GET, POST, PUT } = serve({ client: inngest, functions });
