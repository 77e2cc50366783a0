import type { ComponentType } from "react";
import DisasterClaimsEmail from "./disaster-claims";
import HolidayGreetingEmail from "./holiday-greeting";
import OfficeHoursEmail from "./office-hours";
import type { BlastEmailProps } from "./components/template-props";

export type { BlastEmailProps } from "./components/template-props";

export type EmailTemplate = {
  name: string;
  description: string;
  defaultSubject: string;
  /** Disaster notices are sent with URGENT priority by default: they jump the sending queue. */
  urgent: boolean;
  component: ComponentType<BlastEmailProps> & { PreviewProps: BlastEmailProps };
};

/** Every template an agent can pick. The key is stored on Blast.templateKey: never rename one. */
export const emailTemplates = {
  "office-hours": {
    name: "Office hours / announcement",
    description: "Office hours, holiday closures, a new address or any general news.",
    defaultSubject: "An update from your insurance agency",
    urgent: false,
    component: OfficeHoursEmail,
  },
  "disaster-claims": {
    name: "Disaster claims support",
    description: "After a storm, fire or flood: claims hotline and the steps to file a claim.",
    defaultSubject: "We're here to help you file your claim",
    urgent: true,
    component: DisasterClaimsEmail,
  },
  "holiday-greeting": {
    name: "Holiday greeting",
    description: "A seasonal thank-you to your customers.",
    defaultSubject: "Season's greetings",
    urgent: false,
    component: HolidayGreetingEmail,
  },
} satisfies Record<string, EmailTemplate>;

export type TemplateKey = keyof typeof emailTemplates;

export const templateKeys = Object.keys(emailTemplates) as TemplateKey[];

export function isTemplateKey(key: string): key is TemplateKey {
  return Object.prototype.hasOwnProperty.call(emailTemplates, key);
}
