// Sign-in, sign-out, password change and the signed-in account (`/auth/*`, `/me`).
import { get, post } from './client';

export type RoleName = 'member' | 'merchant_staff' | 'org_admin' | 'platform_admin';

// One role of an account, with what it is a role of.
export interface RoleGrant {
  role: RoleName;
  org_id?: string;
  merchant_id?: string;
  member_id?: string;
}

export interface Account {
  id: string;
  name: string;
  phone: string;
  roles: RoleGrant[];
}

// The member record of an account that is a member.
export interface OwnMember {
  id: string;
  name: string;
  card_no: string;
  org_id: string;
  org_name: string;
  status: 'active' | 'frozen' | 'left';
}

export interface Me {
  account: Account;
  member?: OwnMember;
}

export interface SignedIn {
  token: string;
  csrf_token: string;
  expires_at: string;
  account: Account;
}

// Signs in; the server also sets the session and CSRF cookies the web app relies on.
export function signIn(phone: string, password: string): Promise<SignedIn> {
  return post<SignedIn>('/auth/login', { phone, password });
}

export function signOut(): Promise<{ ok: boolean }> {
  return post<{ ok: boolean }>('/auth/logout');
}

// Ends every session of the account, on every device.
export function signOutEverywhere(): Promise<{ ok: boolean }> {
  return post<{ ok: boolean }>('/auth/logout-all');
}

// Changes the password; the server ends the account's other sessions.
export function changePassword(oldPassword: string, newPassword: string): Promise<{ ok: boolean }> {
  return post<{ ok: boolean }>('/auth/password', { old_password: oldPassword, new_password: newPassword });
}

export function getMe(): Promise<Me> {
  return get<Me>('/me');
}
