import { createDb } from "../lib/db";
import { DEMO_LOGIN, seedDemoIfEmpty } from "../lib/accounts/seed-demo";

// Seeds the demo agency into an empty database (run by `npm start` after migrations; also `npx prisma db seed`).
const db = await createDb();
try {
  const seeded = await seedDemoIfEmpty(db);
  console.log(seeded ? `Seeded the demo agency (login ${DEMO_LOGIN.email})` : "Database already has data; not seeding.");
} finally {
  await db.$disconnect();
}
