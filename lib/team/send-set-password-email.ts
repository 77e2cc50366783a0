import { render } from "@react-email/render";
import { createElement } from "react";
import SetPasswordEmail from "@/emails/set-password";
import type { Mailer } from "@/lib/mail";
import type { IssuedLink } from "@/lib/team/add-agent";
import { setPasswordUrl } from "@/lib/auth/set-password-token";

export { setPasswordUrl };

/**
 * Emails the link to the new agent. A failure is reported, not thrown: the owner has the link on screen
 * and can pass it on, so the agent is added either way. The idempotency key is per link.
 */
export async function sendSetPasswordEmail(
  mailer: Mailer,
  input: { link: IssuedLink; agencyName: string; invitedBy: string; appUrl: string },
): Promise<{ sent: boolean; reason?: string }> {
  const url = setPasswordUrl(input.appUrl, input.link.token);
  const element = createElement(SetPasswordEmail, {
    agentName: input.link.name,
    agencyName: input.agencyName,
    invitedBy: input.invitedBy,
    url,
    validFor: "72 hours",
  });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const outcome = await mailer.send(
    {
      to: input.link.email,
      subject: `Set your password for ${input.agencyName} on Blast`,
      html,
      text,
      tags: [{ name: "kind", value: "set-password" }],
    },
    { idempotencyKey: `set-password:${input.link.agentId}:${input.link.expiresAt.getTime()}` },
  );
  return outcome.kind === "sent" ? { sent: true } : { sent: false, reason: outcome.reason };
}
