// The union tree: the administered subtree, and creating, editing, moving and closing unions.
// Wire types: Org and the request bodies come from openapi.yaml.
import { get, patch, post } from './client';
import type { RequestBody, Sent } from './wire';

export type Org = Sent<'Org'>;
export type OrgKind = Org['kind'];
export type OrgStatus = Org['status'];

export type NewOrg = RequestBody<'/api/v1/orgs', 'post'>;
export type OrgChanges = RequestBody<'/api/v1/orgs/{id}', 'patch'>;

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
  return post<Org>(`/orgs/${encodeURIComponent(id)}/move`, {
    parent_id: parentId,
  } satisfies RequestBody<'/api/v1/orgs/{id}/move', 'post'>);
}

export function closeOrg(id: string): Promise<Org> {
  return post<Org>(`/orgs/${encodeURIComponent(id)}/close`);
}
