// Promotion codes in the objects table: `status` active or inactive, `customer` the customer it is
// restricted to, `ref` its coupon, `tag` its code lowercased (codes compare case-insensitively).
import { repository } from '../../store/repository.ts';
import type { PromotionCode } from './model.ts';

export const promotionCodes = repository<PromotionCode>({
  type: 'promotion_code',
  columns: (p) => ({ status: p.active ? 'active' : 'inactive', customer: p.customer, ref: p.promotion.coupon, tag: p.code.toLowerCase() }),
});
