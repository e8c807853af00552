// Every resource module of the app, in one explicit list: adding a resource is one
// folder under src/resources/ and one line here (see docs/architecture.md).
import type { ResourceModule } from './module.ts';
import { customersModule } from './customers/module.ts';
import { productsModule } from './products/module.ts';
import { pricesModule } from './prices/module.ts';
import { taxRatesModule } from './tax-rates/module.ts';
import { couponsModule } from './coupons/module.ts';
import { promotionCodesModule } from './promotion-codes/module.ts';
import { discountsModule } from './discounts/module.ts';
import { invoiceItemsModule } from './invoice-items/module.ts';
import { invoicesModule } from './invoices/module.ts';
import { eventsModule } from './events/module.ts';
import { webhookEndpointsModule } from './webhook-endpoints/module.ts';
import { searchModule } from '../search/module.ts';
import { paymentMethodsModule } from './payment-methods/module.ts';
import { chargesModule } from './charges/module.ts';
import { paymentIntentsModule } from './payment-intents/module.ts';
import { invoicePaymentsModule } from './invoice-payments/module.ts';
import { refundsModule } from './refunds/module.ts';
import { testClocksModule } from './test-clocks/module.ts';
import { creditNotesModule } from './credit-notes/module.ts';

export const resourceModules: readonly ResourceModule[] = [
  customersModule,
  productsModule,
  pricesModule,
  taxRatesModule,
  couponsModule,
  promotionCodesModule,
  discountsModule,
  invoiceItemsModule,
  invoicesModule,
  eventsModule,
  webhookEndpointsModule,
  searchModule,
  paymentMethodsModule,
  chargesModule,
  paymentIntentsModule,
  invoicePaymentsModule,
  refundsModule,
  testClocksModule,
  creditNotesModule,
];
