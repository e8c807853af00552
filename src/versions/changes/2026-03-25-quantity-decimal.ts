import { drop, type VersionChange } from '../change.ts';
import { eachElement, rejectNew } from '../request-helpers.ts';

const ROUTES = ['/v1/invoiceitems', '/v1/invoiceitems/:id', '/v1/invoices/:id/lines/:line'];

export const change: VersionChange = {
  version: '2026-03-25.dahlia',
  title: 'Decimal quantities on invoice items and lines',
  description:
    'Invoice items and invoice line items gain `quantity_decimal` (a decimal string with up to 12 places); `quantity` becomes its truncated integer. Older versions neither show the field nor accept the parameter.',
  resources: ['invoiceitem', 'line_item'],
  response: {
    invoiceitem: (o) => drop(o, 'quantity_decimal'),
    line_item: (o) => drop(o, 'quantity_decimal'),
  },
  request(req) {
    if (req.route === '/v1/invoices/create_preview' || req.route === '/v1/invoices/upcoming' || req.route === '/v1/invoices/upcoming/lines')
      eachElement(req.params.invoice_items, (el, path) => rejectNew(el, 'quantity_decimal', path), 'invoice_items');
    if (req.method !== 'POST') return;
    if (ROUTES.includes(req.route)) rejectNew(req.params, 'quantity_decimal');
    if (req.route === '/v1/invoices/:id/add_lines' || req.route === '/v1/invoices/:id/update_lines')
      eachElement(req.params.lines, (el, path) => rejectNew(el, 'quantity_decimal', path), 'lines');
  },
};
