import type { RecipientCount } from "@/lib/blasts/count-recipients";

export const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** How many customers a blast will reach, what it costs, and why the others will not get it. */
export function RecipientSummary({
  count,
  loading,
  error,
  empty,
}: {
  count: RecipientCount | null;
  loading: boolean;
  error: string | null;
  empty: boolean;
}) {
  let body: React.ReactNode;
  if (empty) body = <p className="text-slate-600">Pick recipients to see how many will get this email.</p>;
  else if (error && !count) body = <p className="text-red-700">Could not count recipients: {error}</p>;
  else if (!count) body = <p className="text-slate-600">Counting…</p>;
  else {
    const left = count.selected - count.eligible;
    body = (
      <>
        <p className="text-slate-900">
          <strong data-testid="eligible-count">{count.eligible.toLocaleString("en-US")}</strong>{" "}
          {count.eligible === 1 ? "customer" : "customers"} will receive this · costs{" "}
          <strong data-testid="credit-cost">{plural(count.eligible, "credit")}</strong> · you have{" "}
          {count.creditBalance.toLocaleString("en-US")}
          {loading ? <span className="text-slate-500"> (updating…)</span> : null}
        </p>
        {left > 0 ? (
          <p className="mt-1 text-slate-600">
            {plural(left, "selected customer")} will not:{" "}
            {[count.inactive ? `${count.inactive} inactive` : "", count.optedOut ? `${count.optedOut} opted out` : ""]
              .filter(Boolean)
              .join(", ")}
            .
          </p>
        ) : null}
        {!count.enoughCredit ? (
          <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 font-medium text-red-800" data-testid="credit-warning">
            Not enough credit: this needs {plural(count.eligible, "credit")} and you have {count.creditBalance.toLocaleString("en-US")}. Add
            credit in Settings or choose fewer recipients.
          </p>
        ) : null}
      </>
    );
  }
  return (
    <div id="recipient-count" className="mt-4 rounded-md bg-slate-50 p-3 text-sm" aria-live="polite" data-testid="recipient-count">
      {body}
    </div>
  );
}
