// Invoices finalized before hosted links existed have no link secret, so their
// `hosted_invoice_url` and `invoice_pdf` showed null: each finalized invoice without one gets
// its own now (pages/links.ts), and its links from then on. Events recorded before keep the
// snapshot they had (history is not rewritten).
import { sql, type Kysely } from 'kysely';
import { newLinkSecret } from '../../pages/links.ts';

const BATCH = 500;

export async function up(db: Kysely<any>): Promise<void> {
  let after = -1;
  for (;;) {
    const rows = await sql<{ seq: number | string; account: string; id: string; data: string }>`
      select seq, account, id, data from objects where type = 'invoice' and seq > ${after} order by seq limit ${BATCH}`.execute(db);
    if (rows.rows.length === 0) return;
    for (const row of rows.rows) {
      const inv = JSON.parse(row.data) as { status?: string; internal?: { link_secret?: string } };
      if (inv.status === 'draft' || inv.internal?.link_secret !== undefined) continue;
      inv.internal = { ...inv.internal, link_secret: newLinkSecret() };
      await sql`update objects set data = ${JSON.stringify(inv)} where account = ${row.account} and id = ${row.id} and type = 'invoice'`.execute(db);
    }
    after = Number(rows.rows[rows.rows.length - 1].seq);
  }
}
