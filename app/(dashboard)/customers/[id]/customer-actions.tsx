"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { flashResult } from "@/components/ui/flash";
import { setCustomerStateAction } from "../actions";
import { CustomerForm, type CustomerFormValues } from "../customer-form";

type Props = { customer: CustomerFormValues & { id: string; status: "ACTIVE" | "INACTIVE"; optedOut: boolean }; children: React.ReactNode };

/** The details with their buttons: edit in place, deactivate/reactivate, opt-out/clear. */
export function CustomerActions({ customer, children }: Props) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [pending, startTransition] = useTransition();

  function change(input: { kind: "status"; status: "ACTIVE" | "INACTIVE" } | { kind: "optOut"; optedOut: boolean }) {
    startTransition(async () => {
      try {
        const result = await setCustomerStateAction({ customerId: customer.id, ...input });
        if (result.ok) flashResult({ ok: true, message: result.data }, "Saved.");
        else flashResult(result, "");
        router.refresh();
      } catch {
        flashResult({ ok: false, error: "Could not reach the server. Nothing was changed." }, "");
      }
    });
  }

  if (editing) return <CustomerForm customerId={customer.id} initial={customer} onDone={() => setEditing(false)} />;
  return (
    <div className="space-y-4">
      {children}
      <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-4">
        <Button variant="secondary" onClick={() => setEditing(true)}>
          Edit
        </Button>
        {customer.status === "ACTIVE" ? (
          <Button variant="danger" pending={pending} onClick={() => change({ kind: "status", status: "INACTIVE" })}>
            Deactivate
          </Button>
        ) : (
          <Button variant="secondary" pending={pending} onClick={() => change({ kind: "status", status: "ACTIVE" })}>
            Reactivate
          </Button>
        )}
        {customer.optedOut ? (
          <Button
            variant="secondary"
            pending={pending}
            onClick={() => {
              if (confirm("Clear the opt-out? Only do this if the customer asked to receive emails again."))
                change({ kind: "optOut", optedOut: false });
            }}
          >
            Clear opt-out
          </Button>
        ) : (
          <Button variant="danger" pending={pending} onClick={() => change({ kind: "optOut", optedOut: true })}>
            Mark opted out
          </Button>
        )}
      </div>
    </div>
  );
}
