// Products in the objects table: `status` 'active' | 'inactive', `ref` the url (list filters);
// a deleted product leaves a stub under its id (retrieve answers deleted: true).
import { repository } from '../../store/repository.ts';
import type { DeletedProduct, Product } from './model.ts';

export const products = repository<Product>({ type: 'product', columns: (p) => ({ status: p.active ? 'active' : 'inactive', ref: p.url }) });
export const deletedProducts = repository<DeletedProduct & { created: number }>({ type: 'deleted_product' });
