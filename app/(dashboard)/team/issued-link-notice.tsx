"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

export type ShownLink = { name: string; email: string; url: string; expiresAt: string; emailed: boolean };

/** The set-password link, shown this once: Blast keeps only its hash, so it cannot be shown again. */
export function IssuedLinkNotice({ link, onClose }: { link: ShownLink; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-brand-100 bg-brand-50 p-4 text-sm" data-testid="issued-link" role="status">
      <p className="font-medium text-slate-900">
        Set-password link for {link.name} ({link.email})
      </p>
      <p className="mt-1 text-slate-700">
        {link.emailed ? "We emailed it to them. " : "The email could not be sent: pass the link on yourself. "}
        It works once, for 72 hours. Copy it now if you want to pass it on: it will not be shown again.
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={link.url}
          aria-label="Set-password link"
          data-testid="issued-link-url"
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs"
        />
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(link.url).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          Done
        </Button>
      </div>
    </div>
  );
}
