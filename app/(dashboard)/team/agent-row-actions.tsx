"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { flash } from "@/components/ui/flash";
import { ConfirmDialog } from "@/components/blasts/confirm-dialog";
import { changeRoleAction, reissueLinkAction, setAgentActiveAction } from "./actions";
import { IssuedLinkNotice, type ShownLink } from "./issued-link-notice";

type Agent = { id: string; name: string; role: "OWNER" | "AGENT"; active: boolean; invited: boolean };
type Result = { ok: true; data: unknown } | { ok: false; error: string };

/** Role change, deactivate/reactivate (with a confirmation) and a new link, for one row of the team table. */
export function AgentRowActions({ agent, self }: { agent: Agent; self: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [issued, setIssued] = useState<ShownLink | null>(null);

  function run(call: () => Promise<Result>, after?: (r: Result & { ok: true }) => void) {
    startTransition(async () => {
      try {
        const result = await call();
        if (!result.ok) {
          flash("error", result.error);
          if (confirming) setDialogError(result.error);
          return;
        }
        if (typeof result.data === "string") flash("success", result.data);
        after?.(result);
        setConfirming(false);
        router.refresh();
      } catch {
        flash("error", "Could not reach the server. Nothing was changed.");
      }
    });
  }

  const otherRole = agent.role === "OWNER" ? "AGENT" : "OWNER";
  return (
    <div className="flex flex-wrap justify-end gap-2">
      {agent.active ? (
        <Button
          variant="secondary"
          pending={pending}
          data-testid="change-role"
          onClick={() => run(() => changeRoleAction({ agentId: agent.id, role: otherRole }))}
        >
          {otherRole === "OWNER" ? "Make owner" : "Make agent"}
        </Button>
      ) : null}
      {agent.active && agent.invited ? (
        <Button
          variant="secondary"
          pending={pending}
          data-testid="reissue-link"
          onClick={() =>
            run(
              () => reissueLinkAction({ agentId: agent.id }),
              (r) => setIssued({ ...(r.data as Omit<ShownLink, "name">), name: agent.name }),
            )
          }
        >
          New link
        </Button>
      ) : null}
      {agent.active ? (
        <Button
          variant="danger"
          pending={pending}
          data-testid="deactivate"
          onClick={() => {
            setDialogError(null);
            setConfirming(true);
          }}
        >
          Deactivate
        </Button>
      ) : (
        <Button
          variant="secondary"
          pending={pending}
          data-testid="reactivate"
          onClick={() => run(() => setAgentActiveAction({ agentId: agent.id, active: true }))}
        >
          Reactivate
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        title={self ? "Deactivate your own login?" : `Deactivate ${agent.name}?`}
        confirmLabel="Deactivate"
        pendingLabel="Deactivating…"
        pending={pending}
        danger
        error={dialogError}
        onClose={() => setConfirming(false)}
        onConfirm={() => run(() => setAgentActiveAction({ agentId: agent.id, active: false }))}
      >
        <p className="text-left">
          {self ? "You will be signed out at once. " : "They are signed out at their next click and can no longer sign in. "}
          Their blasts that have not started yet will fail with the reason &ldquo;sender deactivated&rdquo;. You can reactivate them later.
        </p>
      </ConfirmDialog>
      {issued ? (
        <div className="basis-full text-left">
          <IssuedLinkNotice link={issued} onClose={() => setIssued(null)} />
        </div>
      ) : null}
    </div>
  );
}
