import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

const common = {
  description: s.string({ max: 5000, emptyable: true }),
  enabled_events: s.array(s.string({ max: 5000 }), { max: 500 }),
  metadata: s.metadata(),
  url: s.string({ max: 5000 }),
};

export const createEndpoint = {
  ...common,
  enabled_events: s.array(s.string({ max: 5000 }), { max: 500, required: true }),
  url: s.string({ max: 5000, required: true }),
  api_version: s.string({ max: 5000 }),
  connect: s.boolean(),
};
export const updateEndpoint = { ...common, disabled: s.boolean() };
export const listEndpoints = { ...listFields };

export type CreateEndpoint = InferFields<typeof createEndpoint>;
export type UpdateEndpoint = InferFields<typeof updateEndpoint>;
export type ListEndpoints = InferFields<typeof listEndpoints>;
