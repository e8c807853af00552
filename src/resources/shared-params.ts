// Param shapes that several resources share.
import { s } from '../http/params.ts';

export const addressFields = {
  city: s.string({ max: 5000 }),
  country: s.string({ max: 5000 }),
  line1: s.string({ max: 5000 }),
  line2: s.string({ max: 5000 }),
  postal_code: s.string({ max: 5000 }),
  state: s.string({ max: 5000 }),
};

export const address = s.object(addressFields, { emptyable: true });

export const shipping = s.object(
  {
    address: s.object(addressFields, { required: true }),
    name: s.string({ max: 5000, required: true }),
    phone: s.string({ max: 5000 }),
  },
  { emptyable: true },
);

export const taxBehavior = s.enum(['exclusive', 'inclusive', 'unspecified'] as const);

export const discountsParam = s.array(
  s.object({ coupon: s.id(), discount: s.id(), promotion_code: s.id() }),
  { emptyable: true, max: 20 },
);

export type Address = {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
};

export function toAddress(a: Partial<Record<keyof Address, string>>): Address {
  return {
    city: a.city ?? null,
    country: a.country ?? null,
    line1: a.line1 ?? null,
    line2: a.line2 ?? null,
    postal_code: a.postal_code ?? null,
    state: a.state ?? null,
  };
}
