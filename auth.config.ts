import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js config that needs no database: used by proxy.ts to turn anonymous visitors of
 * dashboard pages back to the sign-in page before any page code runs. The full config (credentials
 * provider) is in auth.ts. Pages and actions check the session again themselves (lib/auth + app/_lib):
 * the proxy is a convenience, not the only guard.
 */
const PUBLIC_PREFIXES = [
  "/login",
  "/api/auth",
  "/api/health",
  "/api/inngest",
  "/api/webhooks",
  "/api/unsubscribe",
  "/unsubscribe",
  "/api/testing",
  "/set-password",
];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}

export const authConfig = {
  pages: { signIn: "/login" },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  trustHost: true,
  providers: [],
  callbacks: {
    authorized({ auth, request }) {
      if (isPublicPath(request.nextUrl.pathname)) return true;
      return Boolean(auth?.user);
    },
    jwt({ token, user }) {
      if (user) {
        const u = user as typeof user & { accountId: string; role: string; sessionVersion: number };
        token.userId = u.id;
        token.accountId = u.accountId;
        token.role = u.role;
        token.sessionVersion = u.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      Object.assign(session, {
        userId: token.userId,
        accountId: token.accountId,
        role: token.role,
        sessionVersion: token.sessionVersion,
      });
      return session;
    },
  },
  logger: {
    // Auth.js logs every failed sign-in with a stack trace; a wrong password is not an error of ours.
    error(error) {
      const type = (error as { type?: string }).type;
      if (type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
} satisfies NextAuthConfig;
