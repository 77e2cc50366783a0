import { z } from "zod";
import { isTimeZone } from "@/lib/settings/time-zones";

/** Shared by the settings form and its action. */
export const settingsSchema = z.object({
  name: z.string().trim().min(1, "Enter the agency's name").max(120, "Name is too long (120 characters at most)"),
  senderName: z.string().trim().min(1, "Enter the name your emails are sent under").max(120, "Sender name is too long"),
  senderEmail: z.string().trim().max(254).pipe(z.email("Enter a valid reply-to address, like office@your-agency.com")),
  postalAddress: z
    .string()
    .trim()
    .min(5, "Enter your postal address: the law requires it in every marketing email")
    .max(300, "Address is too long"),
  phone: z.string().trim().max(50, "Phone number is too long").default(""),
  timeZone: z.string().refine(isTimeZone, "Pick a time zone from the list"),
});
