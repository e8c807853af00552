// Every searchable resource's field table. A resource becomes searchable with
// its table here and a searchRoute() call (src/search/route.ts).
import type { SearchTable } from '../fields.ts';
import { customers } from './customers.ts';
import { invoices } from './invoices.ts';
import { prices } from './prices.ts';
import { products } from './products.ts';
import { charges } from './charges.ts';
import { paymentIntents } from './payment-intents.ts';

export const searchTables: SearchTable[] = [customers, invoices, prices, products, charges, paymentIntents];
