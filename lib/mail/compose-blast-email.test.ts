import { expect, it } from "vitest";
import { verifyUnsubscribeToken } from "@/lib/unsubscribe/unsubscribe-token";
import { composeBlastEmail, type ComposeInput } from "./compose-blast-email";

const input: ComposeInput = {
  templateKey: "disaster-claims",
  subject: "We're here to help\r\nBcc: evil@x.test",
  customMessage: "Storm update.\n\n<b>Call us</b>",
  account: {
    id: "acc1",
    name: "Harbor Mutual",
    senderName: "Dana Whitfield",
    senderEmail: "dana@harbor.test",
    postalAddress: "1 Main St\nPortland, ME",
  },
  customer: { id: "cus1", firstName: "", email: "maria@example.com" },
  blastId: "blast1",
  appUrl: "https://blast.test",
  unsubscribeSecret: "k".repeat(32),
  from: "Blast <notifications@mail.blast.test>",
};

it("composes a personalized email with signed unsubscribe links and one-click headers", async () => {
  const email = await composeBlastEmail(input);
  expect(email).toMatchObject({
    to: "maria@example.com",
    from: '"Dana Whitfield (Harbor Mutual)" <notifications@mail.blast.test>',
    replyTo: "dana@harbor.test",
    subject: "We're here to help Bcc: evil@x.test",
    tags: [
      { name: "account", value: "acc1" },
      { name: "blast", value: "blast1" },
    ],
  });
  expect(email.text).toContain("Hi there,");
  expect(email.html).toContain("&lt;b&gt;Call us&lt;/b&gt;");
  const pageToken = /https:\/\/blast\.test\/unsubscribe\/([A-Za-z0-9_.-]+)/.exec(email.text)![1];
  expect(verifyUnsubscribeToken(input.unsubscribeSecret, pageToken)).toEqual({ accountId: "acc1", customerId: "cus1" });
  expect(email.headers).toEqual({
    "List-Unsubscribe": `<https://blast.test/api/unsubscribe/${pageToken}>, <mailto:dana@harbor.test?subject=unsubscribe>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  });
  expect(await composeBlastEmail(input)).toEqual(email); // deterministic
});
