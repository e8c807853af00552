// Test helpers over HTTP, for clients in any language, under /_invoicekit (a prefix Stripe's
// API can never use), authenticated by the API key like /v1: each acts on the calling account.
//   POST   /_invoicekit/reset    delete everything the account owns
//   GET    /_invoicekit/export   the account as JSON (account-data.ts says what is in it)
//   POST   /_invoicekit/import   replace the account's data with such a JSON document
//   GET    /_invoicekit/faults   the fault rules that apply to the account
//   POST   /_invoicekit/faults   add rules: {"rules": [{"method", "path", "fault", ...}]}
//   DELETE /_invoicekit/faults   remove the account's rules
// Bodies are JSON here (the API itself takes only form bodies, as Stripe's does).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from '../http/auth.ts';
import { errors, StripeError } from '../http/errors.ts';
import type { RouteDeps } from '../http/route.ts';
import { parseRule, ruleJson, type FaultRules, type RuleInput } from '../faults/rules.ts';
import { exportAccount, importAccount, resetAccount } from './account-data.ts';

export interface HelperDeps extends RouteDeps {
  faults: FaultRules;
}

export const HELPER_PREFIX = '/_invoicekit';
/** Imports can be much larger than any API request. */
const IMPORT_LIMIT = 256 * 1024 * 1024;

const invalid = (message: string) => new StripeError({ status: 400, message });

export function helperRoutes(app: FastifyInstance, deps: HelperDeps): void {
  void app.register(
    async (child) => {
      child.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_req, body, done) => {
        try {
          done(null, body === '' ? {} : JSON.parse(body as string));
        } catch {
          done(errors.malformedBody('the body is not valid JSON.'), undefined);
        }
      });
      const account = (request: FastifyRequest) => authenticate(request.headers.authorization, deps.allowedKeys);
      const send = (reply: import('fastify').FastifyReply, body: unknown) => reply.type('application/json').send(JSON.stringify(body));

      child.post('/reset', async (request, reply) => {
        const deleted = await resetAccount(deps.work.store, account(request));
        return send(reply, { object: 'invoicekit.reset', deleted });
      });

      child.get('/export', async (request, reply) =>
        send(reply, await exportAccount(deps.work.store, account(request), deps.clock.now())),
      );

      child.post('/import', { bodyLimit: IMPORT_LIMIT }, async (request, reply) => {
        const result = await importAccount(deps.work.store, account(request), request.body);
        if ('error' in result) throw invalid(result.error);
        return send(reply, { object: 'invoicekit.import', imported: result.imported });
      });

      child.get('/faults', async (request, reply) => {
        const rules = deps.faults.list(account(request)).map(ruleJson);
        return send(reply, { object: 'list', url: `${HELPER_PREFIX}/faults`, has_more: false, data: rules });
      });

      child.post('/faults', async (request, reply) => {
        const owner = account(request);
        const body = request.body as { rules?: unknown } | RuleInput | undefined;
        const inputs = Array.isArray(body) ? body : body && 'rules' in body ? body.rules : body ? [body] : [];
        if (!Array.isArray(inputs) || inputs.length === 0) throw invalid('Send {"rules": [{"method": "POST", "path": "/v1/customers", "fault": "api_error", "count": 1}]}.');
        const parsed = inputs.map((i) => parseRule(i as RuleInput, owner));
        const bad = parsed.find((p) => typeof p === 'string');
        if (bad !== undefined) throw invalid(`Invalid fault rule: ${bad}.`);
        for (const r of parsed) if (typeof r !== 'string') deps.faults.add(r);
        return send(reply, { object: 'list', url: `${HELPER_PREFIX}/faults`, has_more: false, data: deps.faults.list(owner).map(ruleJson) });
      });

      child.delete('/faults', async (request, reply) => {
        const removed = deps.faults.clear(account(request));
        return send(reply, { object: 'invoicekit.faults_cleared', removed });
      });
    },
    { prefix: HELPER_PREFIX },
  );
}
