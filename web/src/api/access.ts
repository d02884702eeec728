// Who gets in: a union's admins and the one-time links that appoint them, invite merchant
// staff and activate imported members, and the public page that accepts such a link.
// Wire types come from openapi.yaml.
import { download, get, post, remove, type DownloadedFile } from './client';
import type { RequestBody, Sent } from './wire';

export type IssuedLink = Sent<'IssuedLink'>;
export type UnionAdmins = Sent<'UnionAdmins'>;
export type InvitationOffer = Sent<'InvitationOffer'>;
export type InvitationAccepted = Sent<'InvitationAccepted'>;
export type NewAdmin = RequestBody<'/api/v1/orgs/{id}/admins', 'post'>;
export type Acceptance = RequestBody<'/api/v1/invitations/{token}/accept', 'post'>;

const org = (id: string) => `/orgs/${encodeURIComponent(id)}`;
const invitation = (token: string) => `/invitations/${encodeURIComponent(token)}`;

// The full address of a link path the server made (/invite/… or /activate/…), to copy.
export function linkAddress(path: string): string {
  return `${window.location.origin}${path}`;
}

export function listUnionAdmins(orgId: string): Promise<UnionAdmins> {
  return get<UnionAdmins>(`${org(orgId)}/admins`);
}

// Invites the owner of a number to administer the union; the link is shown this once.
export function appointAdmin(orgId: string, input: NewAdmin): Promise<IssuedLink> {
  return post<IssuedLink>(`${org(orgId)}/admins`, input);
}

export function removeAdmin(orgId: string, accountId: string): Promise<{ ok: boolean }> {
  return remove<{ ok: boolean }>(`${org(orgId)}/admins/${encodeURIComponent(accountId)}`);
}

export function revokeAdminInvitation(orgId: string, invitationId: string): Promise<{ ok: boolean }> {
  return remove<{ ok: boolean }>(`${org(orgId)}/invitations/${encodeURIComponent(invitationId)}`);
}

// A new activation link for a member without a password (the previous one stops working).
export function issueActivation(memberId: string): Promise<IssuedLink> {
  return post<IssuedLink>(`/members/${encodeURIComponent(memberId)}/activation`, {});
}

// The union's activation list as CSV: new links for every member there without a password.
export function downloadActivationList(orgId: string): Promise<DownloadedFile> {
  return download(`${org(orgId)}/activation-list`);
}

export function getInvitation(token: string): Promise<InvitationOffer> {
  return get<InvitationOffer>(invitation(token));
}

// Not repeated when the answer is lost: a repeat after an acceptance that went through would
// find the invitation used.
export function acceptInvitation(token: string, acceptance: Acceptance): Promise<InvitationAccepted> {
  return post<InvitationAccepted>(`${invitation(token)}/accept`, acceptance, { retry: false });
}
