import { describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/mail/render-email";
import { renderPersonalized } from "@/lib/mail/render-personalized";
import { templateKeys } from "@/emails";

const shared = {
  agencyName: "Harbor & Sons <Insurance>",
  senderName: "Dana O'Neil",
  customMessage: 'Line one\n\nCall "us" & <b>now</b>',
  postalAddress: "1 Main St",
  agencyPhone: "(207) 555-0100",
};

describe("personalized rendering from a cached skeleton", () => {
  for (const templateKey of templateKeys) {
    it(`equals a direct render of ${templateKey}, whatever the name`, async () => {
      for (const firstName of ["Maria", "", null, "Zoë <script>alert(1)</script> & 'Co'", "$& $1 $$"]) {
        const unsubscribeUrl = `https://blast.test/unsubscribe/tok_${firstName?.length ?? 0}?a=1&b=2`;
        const direct = await renderEmail(templateKey, { ...shared, firstName, unsubscribeUrl });
        const cached = await renderPersonalized(templateKey, shared, { firstName, unsubscribeUrl });
        expect(cached.html).toBe(direct.html);
        expect(cached.html).not.toContain("<script>");
        if ((firstName ?? "").length < 12) expect(cached.text).toBe(direct.text); // long names re-wrap text lines
        expect(cached.text).toContain(unsubscribeUrl);
      }
    });
  }
});
