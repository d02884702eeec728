// Ranked search over the 优惠购 catalogue: merchants, offers and products, in Chinese,
// traditional characters, pinyin or initials.
// Wire types: the query parameters come from openapi.yaml; a hit is described there only in
// prose, so SearchHit is written here.
import { get } from './client';
import type { QueryParameters } from './wire';

export type SearchKind = NonNullable<QueryParameters<'/api/v1/search'>['kind']>;

export interface SearchHit {
  kind: SearchKind;
  id: string;
  merchant_id: string;
  name: string;
  score: number;
}

// Ranked hits over merchants, offers and products (best first).
export async function searchCatalogue(q: string, limit = 50): Promise<SearchHit[]> {
  const query: QueryParameters<'/api/v1/search'> = { q, limit };
  return (await get<{ items: SearchHit[] }>('/search', { query })).items;
}
