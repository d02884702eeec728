// The union tree: the administered subtree, and creating, editing, moving and closing unions.
import { get, patch, post } from './client';

export type OrgKind = 'federation' | 'district' | 'industry' | 'base';
export type OrgStatus = 'open' | 'closed';

export interface Org {
  id: string;
  parent_id: string | null;
  name: string;
  kind: OrgKind;
  region: string;
  contact: string;
  depth: number;
  status: OrgStatus;
  created_at: string;
  updated_at: string;
}

export interface NewOrg {
  parent_id: string;
  name: string;
  kind: Exclude<OrgKind, 'federation'>;
  region?: string;
  contact?: string;
}

export type OrgChanges = Partial<Pick<Org, 'name' | 'region' | 'contact'>>;

// Every union the caller administers, parents before children.
export async function listOrgs(): Promise<Org[]> {
  return (await get<{ items: Org[] }>('/orgs')).items;
}

export function getOrg(id: string): Promise<Org> {
  return get<Org>(`/orgs/${encodeURIComponent(id)}`);
}

export function createOrg(input: NewOrg, idempotencyKey?: string): Promise<Org> {
  return post<Org>('/orgs', input, { idempotencyKey });
}

export function updateOrg(id: string, changes: OrgChanges): Promise<Org> {
  return patch<Org>(`/orgs/${encodeURIComponent(id)}`, changes);
}

// Moves a union, with everything under it, under another parent.
export function moveOrg(id: string, parentId: string): Promise<Org> {
  return post<Org>(`/orgs/${encodeURIComponent(id)}/move`, { parent_id: parentId });
}

export function closeOrg(id: string): Promise<Org> {
  return post<Org>(`/orgs/${encodeURIComponent(id)}/close`);
}
