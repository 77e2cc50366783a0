import type { Db } from "@/lib/db";
import { createAgency } from "@/lib/accounts/create-agency";
import { normalizeEmail } from "@/lib/customers/normalize-email";

export const DEMO_LOGIN = { email: "owner@harbor-insurance.test", password: "blast-demo-2026" };

const FIRST = [
  "Maria",
  "James",
  "Aisha",
  "Chen",
  "Olivia",
  "Diego",
  "Priya",
  "Noah",
  "Fatima",
  "Liam",
  "Sofia",
  "Ethan",
  "Grace",
  "Mateo",
  "Hannah",
  "Kwame",
  "Yuki",
  "Lucas",
  "Amara",
  "Owen",
];
const LAST = [
  "Garcia",
  "Smith",
  "Khan",
  "Wang",
  "Johnson",
  "Lopez",
  "Patel",
  "Brown",
  "Ali",
  "Miller",
  "Rossi",
  "Davis",
  "Kim",
  "Silva",
  "Nguyen",
  "Mensah",
  "Sato",
  "Martin",
  "Okafor",
  "Walsh",
];
const TAGS = ["auto", "home", "life", "commercial", "flood-zone", "renter"];

export type DemoCustomer = {
  firstName: string;
  lastName: string;
  email: string;
  status: "ACTIVE" | "INACTIVE";
  optedOut: boolean;
  tags: string[];
};

/**
 * ~200 demo customers, deterministic: mostly active, some inactive, some opted out, and a few addresses
 * a blast must skip (malformed, disposable, unroutable) so every skip reason shows up in the demo.
 */
export function demoCustomers(count = 200): DemoCustomer[] {
  const out: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = FIRST[i % FIRST.length];
    const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length];
    let email = `${firstName}.${lastName}${i}@example.com`.toLowerCase();
    if (i % 50 === 7) email = `${firstName.toLowerCase()}${i}-at-example.com`; // malformed
    if (i % 50 === 17) email = `${firstName.toLowerCase()}${i}@mailinator.com`; // disposable
    if (i % 50 === 27) email = `${firstName.toLowerCase()}${i}@nowhere.invalid`; // unroutable TLD
    out.push({
      firstName,
      lastName,
      email,
      status: i % 25 === 3 ? "INACTIVE" : "ACTIVE",
      optedOut: i % 30 === 11,
      tags: [TAGS[i % TAGS.length], ...(i % 4 === 0 ? [TAGS[(i + 3) % TAGS.length]] : [])],
    });
  }
  return out;
}

export async function seedCustomers(db: Db, accountId: string, customers: DemoCustomer[]): Promise<void> {
  await db.customer.createMany({
    data: customers.map((c) => ({
      accountId,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      emailNormalized: normalizeEmail(c.email),
      status: c.status,
      tags: c.tags,
      optedOutAt: c.optedOut ? new Date("2026-01-15T12:00:00Z") : null,
    })),
    skipDuplicates: true,
  });
}

/** Seeds the demo agency unless the database already has an account. Returns whether it seeded. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if ((await db.account.count()) > 0) return false;
  const { account } = await createAgency(db, {
    name: "Harbor Insurance Agency",
    senderName: "Harbor Insurance",
    senderEmail: "agents@harbor-insurance.test",
    postalAddress: "120 Harbor Street, Suite 4, Portland, ME 04101",
    owner: { name: "Dana Whitfield", ...DEMO_LOGIN },
    credit: 1_000,
  });
  await seedCustomers(db, account.id, demoCustomers());
  return true;
}
