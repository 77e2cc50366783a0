import { z } from "zod";

/** Shared by the add/edit form (client hints) and the actions (the real check). */
export const customerSchema = z.object({
  firstName: z.string().trim().max(100, "First name is too long (100 characters at most)").default(""),
  lastName: z.string().trim().max(100, "Last name is too long (100 characters at most)").default(""),
  email: z
    .string()
    .trim()
    .min(1, "Enter an email address")
    .max(254, "Email address is too long")
    .pipe(z.email("Enter a valid email address, like name@example.com")),
  phone: z.string().trim().max(50, "Phone number is too long").default(""),
  tags: z.string().max(1000, "Too many tags").default(""),
});

export const updateCustomerSchema = customerSchema.extend({ customerId: z.string().min(1).max(64) });

export const customerStateSchema = z.discriminatedUnion("kind", [
  z.object({ customerId: z.string().min(1).max(64), kind: z.literal("status"), status: z.enum(["ACTIVE", "INACTIVE"]) }),
  z.object({ customerId: z.string().min(1).max(64), kind: z.literal("optOut"), optedOut: z.boolean() }),
]);

export const importFileSchema = z.object({
  file: z
    .instanceof(File, { message: "Choose a CSV file to import" })
    .refine((f) => f.size > 0, "The file is empty")
    .refine(
      (f) => f.size <= 5 * 1024 * 1024,
      "The file is larger than 5 MB. Split it into smaller files and import them one after another.",
    ),
});

/** The list's URL parameters; anything malformed is ignored rather than shown as an error page. */
export const customerListParams = z.object({
  q: z.string().max(200).optional().catch(undefined),
  status: z.enum(["ACTIVE", "INACTIVE"]).optional().catch(undefined),
  tag: z.string().max(40).optional().catch(undefined),
  optedOut: z.enum(["yes", "no"]).optional().catch(undefined),
  after: z.string().max(500).optional().catch(undefined),
  before: z.string().max(500).optional().catch(undefined),
});
