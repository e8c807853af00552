// The protocol stages of every API request, in the order route.ts runs them.
// Each is a named function of what it reads from the request, with table tests
// (test/unit/http/stages.test.ts); none touches storage.
export { authenticate as authStage } from '../auth.ts';
export { pathStage } from './path.ts';
export { versionStage } from './version.ts';
export { idempotencyKeyStage } from './idempotency-key.ts';
export { paramsStage, type RequestParams } from './params.ts';
export { expandStage } from '../expand.ts';
export { renderStage } from './render.ts';
