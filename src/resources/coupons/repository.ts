// Coupons in the objects table (no filter columns), and deleted coupons kept whole
// under their id (a deleted coupon still applies where it was applied).
import { repository } from '../../store/repository.ts';
import type { Coupon } from './model.ts';

export const coupons = repository<Coupon>({ type: 'coupon' });
export const deletedCoupons = repository<Coupon>({ type: 'deleted_coupon' });
