// System endpoints: server health, version and database engine.
import { get } from './client';

export interface Health {
  status: string;
  version: string;
  db: string;
}

export function getHealth(options?: { signal?: AbortSignal }): Promise<Health> {
  return get<Health>('/health', options);
}
