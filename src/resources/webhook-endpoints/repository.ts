// Webhook endpoints in the objects table: `status` 'enabled' | 'disabled' (delivery reads the enabled ones).
import { repository } from '../../store/repository.ts';
import { ENDPOINT_TYPE, type StoredEndpoint } from '../../events/endpoints.ts';

export const endpoints = repository<StoredEndpoint>({ type: ENDPOINT_TYPE, columns: (ep) => ({ status: ep.status }) });
