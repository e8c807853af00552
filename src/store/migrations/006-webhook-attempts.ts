import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

// Every attempt of a webhook delivery, kept for the dashboard (a delivery row holds only its
// last outcome), and an index to list one endpoint's deliveries newest first without a scan.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect === 'postgres' ? sql`bigint generated always as identity primary key` : sql`integer primary key autoincrement`;
  await sql`create table webhook_attempts (
    id ${id},
    delivery bigint not null,
    attempted_at bigint not null,
    http_status integer,
    error text,
    delivered integer not null
  )`.execute(db);
  await sql`create index webhook_attempts_delivery on webhook_attempts (delivery, id)`.execute(db);
  await sql`create index webhook_deliveries_endpoint on webhook_deliveries (account, endpoint, id)`.execute(db);
}
