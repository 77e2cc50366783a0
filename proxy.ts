import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";

// Anonymous visitors of dashboard pages are sent to /login (see auth.config.ts `authorized`).
const { auth } = NextAuth(authConfig);

export default auth;

// Machine-to-machine routes (the engine's step calls, provider webhooks, health) check their own
// signatures and never carry a session: the proxy skips them, which saves a JWT decode per step call.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/inngest|api/webhooks|api/health).*)"],
};
