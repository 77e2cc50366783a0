import { describe, expect, it } from "vitest";
import { emailTemplates, templateKeys } from "@/emails";
import { splitParagraphs } from "@/emails/components/multiline-text";
import { renderEmail, UnknownTemplateError } from "./render-email";

const base = {
  firstName: "Maria",
  agencyName: "Harbor Mutual",
  senderName: "Dana Whitfield",
  postalAddress: "120 Main Street\nPortland, ME 04101",
  agencyPhone: "(207) 555-0142",
  unsubscribeUrl: "https://blast.test/unsubscribe/tok123",
  customMessage: "First paragraph.\n\nSecond line one\nSecond line two",
};

describe.each(templateKeys)("template %s", (key) => {
  it("is registered with a name, description, subject and preview props", () => {
    const t = emailTemplates[key];
    expect(t.name).not.toBe("");
    expect(t.defaultSubject).not.toBe("");
    expect(t.component.PreviewProps.agencyName).not.toBe("");
  });

  it("personalizes html and text", async () => {
    const { html: raw, text } = await renderEmail(key, base);
    const html = raw.replace(/<!-- -->/g, ""); // React's text-node separators
    for (const body of [html, text]) {
      expect(body).toContain("Hi Maria,");
      expect(body).toContain("Harbor Mutual");
      expect(body).toContain("Dana Whitfield");
      expect(body).toContain("Portland, ME 04101");
      expect(body).toContain("https://blast.test/unsubscribe/tok123");
      expect(body).toContain("First paragraph.");
    }
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text).toMatch(/Second line one\nSecond line two/);
    expect(html).toMatch(/Second line one<br\/?>Second line two/);
  });

  it('falls back to "there" and to the agency when names are missing', async () => {
    const { text } = await renderEmail(key, { ...base, firstName: "  ", senderName: null, customMessage: "" });
    expect(text).toContain("Hi there,");
    expect(text).toContain("The Harbor Mutual team");
  });

  it("renders the custom message as text: no HTML or script injection", async () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">click</a>`;
    const { html, text } = await renderEmail(key, { ...base, customMessage: evil, firstName: "<b>Bob</b>" });
    expect(html).not.toContain("<script>");
    expect(html).not.toMatch(/<img[^>]*onerror/);
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("&lt;script&gt;");
    expect(html).toContain("Hi &lt;b&gt;Bob&lt;/b&gt;,");
    expect(text).toContain(`<script>alert("x")</script>`); // plain text shows it literally, harmlessly
  });

  it("renders the same bytes twice (idempotent sends depend on it)", async () => {
    expect(await renderEmail(key, base)).toEqual(await renderEmail(key, base));
  });
});

it("refuses an unknown template", async () => {
  await expect(renderEmail("nope", base)).rejects.toBeInstanceOf(UnknownTemplateError);
  await expect(renderEmail("__proto__", base)).rejects.toBeInstanceOf(UnknownTemplateError);
});

it("splits paragraphs on blank lines and keeps line breaks", () => {
  expect(splitParagraphs("a\r\nb\n\n\n c \n")).toEqual([["a", "b"], ["c"]]);
  expect(splitParagraphs("   ")).toEqual([]);
  expect(splitParagraphs(null)).toEqual([]);
});
