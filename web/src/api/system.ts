// System endpoints: server health, version and database engine.
// Wire types: the health answer is described in openapi.yaml only in prose, so Health is written here.
import { get } from './client';

export interface Health {
  status: string;
  version: string;
  db: string;
}

export function getHealth(options?: { signal?: AbortSignal }): Promise<Health> {
  return get<Health>('/health', options);
}
