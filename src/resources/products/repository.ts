// Products in the objects table: `status` 'active' | 'inactive', `ref` the url (list filters).
// Deleting one moves it to `deleted_product` as a stub (store/repository.ts OnDelete): retrieve
// answers 404, as Stripe does, while its id stays taken and expand[] on a price shows the stub.
import { repository } from '../../store/repository.ts';
import type { DeletedProduct, Product } from './model.ts';

export const deletedProducts = repository<DeletedProduct & { created: number }>({ type: 'deleted_product' });
export const products = repository<Product>({
  type: 'product',
  columns: (p) => ({ status: p.active ? 'active' : 'inactive', ref: p.url }),
  onDelete: { into: deletedProducts, keep: (p) => ({ id: p.id, object: 'product', deleted: true, created: p.created }) },
});
