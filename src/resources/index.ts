// Every resource's routes, in one list for app.ts.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import { customerRoutes } from './customers/routes.ts';
import { productRoutes } from './products/routes.ts';
import { priceRoutes } from './prices/routes.ts';
import { taxRateRoutes } from './tax-rates/routes.ts';
import { couponRoutes } from './coupons/routes.ts';
import { invoiceItemRoutes } from './invoice-items/routes.ts';
import { invoiceRoutes } from './invoices/routes.ts';
import { eventRoutes } from './events/routes.ts';
import { webhookEndpointRoutes } from './webhook-endpoints/routes.ts';
import { paymentMethodRoutes } from './payment-methods/routes.ts';
import { paymentIntentRoutes } from './payment-intents/routes.ts';
import { chargeRoutes } from './charges/routes.ts';
import { invoicePaymentRoutes } from './invoice-payments/routes.ts';
import { refundRoutes } from './refunds/routes.ts';

export const resourceRoutes: ((app: FastifyInstance, deps: RouteDeps) => void)[] = [
  customerRoutes,
  productRoutes,
  priceRoutes,
  taxRateRoutes,
  couponRoutes,
  invoiceItemRoutes,
  invoiceRoutes,
  eventRoutes,
  webhookEndpointRoutes,
  paymentMethodRoutes,
  paymentIntentRoutes,
  chargeRoutes,
  invoicePaymentRoutes,
  refundRoutes,
];
