// The product object in the newest API shape (stripe@23 `Product`, fixture `product`).

export interface PackageDimensions {
  height: number;
  length: number;
  weight: number;
  width: number;
}

export interface Product {
  id: string;
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  images: string[];
  livemode: false;
  marketing_features: { name: string }[];
  metadata: Record<string, string>;
  name: string;
  package_dimensions: PackageDimensions | null;
  shippable: boolean | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  tax_details: { performance_location: string | null; tax_code: string | null } | null;
  type: 'good' | 'service';
  unit_label: string | null;
  updated: number;
  url: string | null;
  [key: string]: unknown;
}

export interface DeletedProduct {
  id: string;
  object: 'product';
  deleted: true;
  [key: string]: unknown;
}
