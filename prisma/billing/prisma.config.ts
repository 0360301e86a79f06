// Prisma CLI config for the "billing" service. Prisma 7 reads the datasource URL from here (not from schema.prisma).
// Online: DATABASE_URL=... npx prisma migrate deploy --config prisma/billing/prisma.config.ts
// Offline the CLI cannot download its engine; use @tollgate/db migrate() and `npm run migrate:dev`.
import { defineConfig } from 'prisma/config';

const url = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tollgate');
url.searchParams.set('schema', 'billing'); // this service's Postgres schema; migrations use unqualified names

export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: url.toString() },
});
