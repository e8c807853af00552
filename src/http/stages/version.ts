// Version: the Stripe-Version header, or the account's default when there is none.
import { errors } from '../errors.ts';
import { isKnownVersion, type ApiVersion } from '../../versions/registry.ts';

export function versionStage(header: string | string[] | undefined, fallback: ApiVersion): ApiVersion {
  if (header === undefined) return fallback;
  const v = Array.isArray(header) ? header.join(', ') : header.trim();
  if (!isKnownVersion(v)) throw errors.invalidApiVersion(v);
  return v;
}
