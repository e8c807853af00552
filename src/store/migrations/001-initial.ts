import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // The identity column is the one place the two engines need different DDL.
  const seq = dialect === 'postgres' ? sql`bigint generated always as identity primary key` : sql`integer primary key autoincrement`;
  await sql`create table objects (
    seq ${seq},
    account text not null,
    id text not null,
    type text not null,
    created bigint not null,
    customer text,
    invoice text,
    status text,
    ref text,
    num bigint,
    tag text,
    data text not null
  )`.execute(db);
  await sql`create unique index objects_account_id on objects (account, id)`.execute(db);
  await sql`create index objects_type_seq on objects (account, type, seq)`.execute(db);
  // The filter columns are often null (a pending item has no invoice, most objects no
  // ref/num/tag): partial indexes keep those rows out, so writes maintain fewer trees.
  await sql`create index objects_customer on objects (account, type, customer, seq) where customer is not null`.execute(db);
  await sql`create index objects_invoice on objects (account, type, invoice, seq) where invoice is not null`.execute(db);
  await sql`create index objects_status on objects (account, type, status, seq) where status is not null`.execute(db);
  await sql`create index objects_ref on objects (account, type, ref, seq) where ref is not null`.execute(db);
  await sql`create index objects_num on objects (account, type, num) where num is not null`.execute(db);
  await sql`create index objects_tag on objects (account, type, tag, seq) where tag is not null`.execute(db);

  await sql`create table idempotency_keys (
    account text not null,
    key text not null,
    fingerprint text not null,
    status integer not null,
    body text not null,
    request_id text not null,
    created bigint not null,
    primary key (account, key)
  )`.execute(db);
  await sql`create index idempotency_created on idempotency_keys (created)`.execute(db);

  // Customers' invoice prefixes are unique per account; the key enforces it on both engines.
  await sql`create table invoice_prefixes (
    account text not null,
    prefix text not null,
    customer text not null,
    primary key (account, prefix)
  )`.execute(db);

  await sql`create table counters (
    account text not null,
    name text not null,
    value bigint not null,
    primary key (account, name)
  )`.execute(db);
}
