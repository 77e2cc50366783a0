"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/blasts", label: "Blasts" },
  { href: "/customers", label: "Customers" },
  { href: "/activity", label: "Activity" },
  { href: "/templates", label: "Templates" },
  { href: "/settings", label: "Settings" },
  { href: "/team", label: "Team", ownerOnly: true },
  { href: "/account", label: "My account" },
];

/** The role only hides links an agent cannot use; the pages and actions check it again on the server. */
export function NavLinks({ role }: { role: "OWNER" | "AGENT" }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto md:flex-col">
      {LINKS.filter((link) => !link.ownerOnly || role === "OWNER").map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
