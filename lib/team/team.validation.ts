import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/set-password-token";

// Shared by the team, account and set-password forms and their server actions.

export const roleSchema = z.enum(["OWNER", "AGENT"], { message: "Choose a role" });
const id = z.string().trim().min(1).max(64);

export const addAgentSchema = z.object({
  name: z.string().trim().min(1, "Enter the agent's name").max(100, "Keep the name under 100 characters"),
  email: z.email("Enter a valid email address").trim().toLowerCase().max(254),
  role: roleSchema.default("AGENT"),
});

export const changeRoleSchema = z.object({ agentId: id, role: roleSchema });
export const setActiveSchema = z.object({
  agentId: id,
  active: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});
export const agentIdSchema = z.object({ agentId: id });

export const profileSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Keep the name under 100 characters"),
});

const newPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Keep it under 200 characters");

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, "Enter your current password").max(200), newPassword, confirmPassword: z.string().max(200) })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match" });

export const setPasswordSchema = z
  .object({ token: z.string().max(100), password: newPassword, confirmPassword: z.string().max(200) })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "The two passwords do not match" });
