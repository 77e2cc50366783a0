import NextAuth from "next-auth";
import { authConfig } from "@/auth.config";

// Anonymous visitors of dashboard pages are sent to /login (see auth.config.ts `authorized`).
const { auth } = NextAuth(authConfig);

export default auth;

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
