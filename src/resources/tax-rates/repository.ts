// Tax rates in the objects table: `status` 'active' | 'inactive', `ref` 'inclusive' | 'exclusive' (the list filters).
import { repository } from '../../store/repository.ts';
import type { TaxRate } from './model.ts';

export const taxRates = repository<TaxRate>({
  type: 'tax_rate',
  columns: (r) => ({ status: r.active ? 'active' : 'inactive', ref: r.inclusive ? 'inclusive' : 'exclusive' }),
});
