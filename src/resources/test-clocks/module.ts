// Test clocks: /v1/test_helpers/test_clocks and their advance, the clock time of objects of
// customers on a clock (time.ts), and the job that resumes advances a crash interrupted.
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import { driveAdvance, resumeAdvances, settleAdvances } from './advance.ts';
import { TYPE } from './repository.ts';

export const testClocksModule: ResourceModule = {
  name: 'test-clocks',
  requires: ['customers', 'invoices', 'invoice-items'],
  objects: [{ type: TYPE, idPrefix: 'clock', columns: { status: 'status' }, events: { deleted: true, updated: false } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/test_helpers/test_clocks', {
      create: withParams(params.createTestClock, (ctx, p) => service.createTestClock(ctx, p)),
      retrieve: (ctx, id) => service.retrieveTestClock(ctx, id),
      del: (ctx, id) => service.deleteTestClock(ctx, id),
      list: withParams(params.listTestClocks, (ctx, p) => service.listTestClocks(ctx, p)),
    });
    addRoute(app, deps, {
      method: 'POST',
      url: '/v1/test_helpers/test_clocks/:id/advance',
      handler: async (ctx, p, path) => {
        const clock = await service.startAdvance(ctx, path.id, validate(params.advanceTestClock, p), deps.work.clockIntervals);
        // Answered `advancing`; the advance itself runs once this request's unit has committed.
        ctx.work!.afterCommit(() => void driveAdvance(deps.work, ctx.account, clock.id, deps.clock));
        return clock;
      },
    });
    // Advances under way finish before the store closes.
    app.addHook('onClose', () => settleAdvances(deps.work.store));
  },
  jobs: [{ name: 'test clock advances', everyMs: 5000, run: (env, clock) => resumeAdvances(env, clock) }],
};
