import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
import { getDb } from "@/lib/db";
import { verifyCredentials } from "@/lib/auth/verify-credentials";

/** A failed sign-in with a reason the form can show (code travels to the login action). */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

function clientIp(request: Request): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || null;
}

export const {
  handlers: { GET, POST },
  auth,
  signIn,
  signOut,
} = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await verifyCredentials(await getDb(), credentials, clientIp(request));
        if (result.ok) return result.user;
        throw new SignInRefused(result.code === "throttled" ? `throttled:${result.retryAfterSeconds ?? 1}` : result.code);
      },
    }),
  ],
});
