import { getTenant } from "@/app/_lib/tenant";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getExportCsv } from "@/lib/activity/export-activity";

/**
 * Downloads a ready activity export. Session required; the export must belong to the session's agency
 * (another agency's id is a plain 404). Never cached: the file holds customers' data.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const tenant = await getTenant();
  if (!tenant) return new Response("Sign in to download this export.", { status: 401 });
  const { id } = await params;
  try {
    const { csv, createdAt } = await getExportCsv(await getDb(), { accountId: tenant.accountId, exportId: id.slice(0, 64) });
    return new Response(`\ufeff${csv}`, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="activity-${createdAt.toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return new Response("Export not found.", { status: 404 });
    console.error("[exports] download failed", error);
    return new Response("The export could not be downloaded. Please try again.", { status: 500 });
  }
}
