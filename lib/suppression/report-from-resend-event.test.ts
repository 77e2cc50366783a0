import { describe, expect, it } from "vitest";
import { resendEventSchema } from "./record-resend-event";
import { reportFromResendEvent, resendEventTime } from "./report-from-resend-event";

const NOW = new Date("2026-03-01T15:00:00.000Z");
const parse = (type: string, data: object = {}, createdAt = "2026-03-01T12:00:00.126Z") =>
  resendEventSchema.parse({
    type,
    created_at: createdAt,
    data: { email_id: "e1", to: ["a@b.test"], created_at: "2026-03-01T11:59:59.894719+00:00", ...data },
  });

describe("Resend events → delivery reports", () => {
  it("maps each email event to an outcome or a first-seen fact, at the event's time", () => {
    const at = new Date("2026-03-01T12:00:00.126Z");
    expect(reportFromResendEvent(parse("email.delivered"), NOW)).toEqual({ kind: "outcome", outcome: "DELIVERED", at });
    expect(reportFromResendEvent(parse("email.delivery_delayed"), NOW)).toEqual({ kind: "outcome", outcome: "DELAYED", at });
    expect(reportFromResendEvent(parse("email.complained"), NOW)).toEqual({ kind: "outcome", outcome: "COMPLAINED", at });
    expect(reportFromResendEvent(parse("email.opened"), NOW)).toEqual({ kind: "opened", at });
    expect(
      reportFromResendEvent(
        parse("email.bounced", { bounce: { type: "Transient", subType: "MailboxFull", message: "full", diagnosticCode: ["smtp; 452"] } }),
        NOW,
      ),
    ).toEqual({
      kind: "outcome",
      outcome: "BOUNCED",
      at,
      detail: "Transient / MailboxFull / full",
    });
  });

  it("a click carries its own time; the event's time otherwise; ours when neither parses", () => {
    const click = parse("email.clicked", {
      click: { ipAddress: "1.2.3.4", link: "https://x.test", timestamp: "2026-03-01T11:00:57.163Z", userAgent: "UA" },
    });
    expect(reportFromResendEvent(click, NOW)).toEqual({ kind: "clicked", at: new Date("2026-03-01T11:00:57.163Z") });
    expect(resendEventTime(parse("email.clicked", { click: { timestamp: "garbage" } }), NOW)).toEqual(new Date("2026-03-01T12:00:00.126Z"));
    expect(resendEventTime(parse("email.opened", {}, "2026-03-01 12:00:00.5+00"), NOW)).toEqual(new Date("2026-03-01T12:00:00.500Z"));
    expect(resendEventTime(parse("email.opened", {}, "not a date"), NOW)).toEqual(NOW);
  });

  it("events that say nothing about the email's fate give no report", () => {
    for (const type of ["email.sent", "email.scheduled", "contact.created", "domain.updated"])
      expect(reportFromResendEvent(parse(type), NOW)).toBeNull();
  });
});
