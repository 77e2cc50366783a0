import { inngest } from "@/inngest/client";
import { activityExportRequested } from "@/inngest/events";
import { runtime } from "@/inngest/runtime";
import {
  appendExportPage,
  EXPORT_MAX_ROWS,
  EXPORT_PAGE,
  failExport,
  finishExport,
  type ExportProgress,
} from "@/lib/activity/export-activity";

const MAX_PAGES = Math.ceil(EXPORT_MAX_ROWS / EXPORT_PAGE) + 1;

/**
 * Builds an activity CSV in steps of EXPORT_PAGE rows. The CSV goes into the ActivityExport row, never
 * into a step's output (Inngest keeps step outputs, 4 MB at most each): a step returns only its cursor.
 * Low priority by construction: one export at a time per agency and two in all, on their own function,
 * so an export can never take a slot from sending.
 */
export const activityExport = inngest.createFunction(
  {
    id: "activity-export",
    triggers: [activityExportRequested],
    concurrency: [{ limit: 1, key: "event.data.accountId" }, { limit: 2 }],
    retries: 3,
    onFailure: async ({ event, error }) => {
      const { db } = await runtime();
      const { exportId, accountId } = event.data.event.data;
      await failExport(db, { accountId, exportId, error: error.message });
    },
  },
  async ({ event, step }) => {
    const { exportId, accountId } = event.data;
    let progress: ExportProgress = { cursor: null, rowCount: 0, done: false };
    for (let page = 0; !progress.done && page < MAX_PAGES; page++) {
      const from = progress;
      progress = await step.run(`rows-${page}`, async () => {
        const { db } = await runtime();
        return appendExportPage(db, { accountId, exportId, progress: from });
      });
    }
    return step.run("finish", async () => {
      const { db } = await runtime();
      return finishExport(db, { accountId, exportId });
    });
  },
);
