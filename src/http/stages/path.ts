// Path: `/v1/customers/` matches `:id` with an empty id; Stripe treats it as an unknown URL.
import { errors } from '../errors.ts';

export function pathStage(method: string, url: string, path: Readonly<Record<string, string>>): void {
  for (const v of Object.values(path)) if (v === '') throw errors.unrecognizedUrl(method, url.split('?')[0]);
}
