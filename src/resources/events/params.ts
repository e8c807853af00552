import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const listEvents = {
  ...listFields,
  created: s.range(),
  delivery_success: s.boolean(),
  type: s.string({ max: 5000 }),
  types: s.array(s.string({ max: 5000 }), { max: 20 }),
};

export type ListEvents = InferFields<typeof listEvents>;
