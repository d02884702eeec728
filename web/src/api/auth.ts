// Sign-in, sign-out, password change and the signed-in account (`/auth/*`, `/me`).
// Wire types: Account and the request bodies come from openapi.yaml; the answers of sign-in and
// `/me` are described there only in prose, so SignedIn, OwnMember and Me are written here.
import { get, post } from './client';
import type { RequestBody, Sent } from './wire';

export type RoleName = NonNullable<NonNullable<Sent<'Account'>['roles'][number]>['role']>;

// One role of an account, with what it is a role of.
export type RoleGrant = Sent<'Account'>['roles'][number] & { role: RoleName };

export interface Account extends Omit<Sent<'Account'>, 'roles'> {
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

type Credentials = RequestBody<'/api/v1/auth/login', 'post'>;
type PasswordChange = RequestBody<'/api/v1/auth/password', 'post'>;
type CodeRequest = RequestBody<'/api/v1/auth/code', 'post'>;
type CodeSignIn = RequestBody<'/api/v1/auth/login-code', 'post'>;
type PasswordReset = RequestBody<'/api/v1/auth/reset-password', 'post'>;
export type CodePurpose = CodeRequest['purpose'];

// Signs in; the server also sets the session and CSRF cookies the web app relies on.
export function signIn(phone: string, password: string): Promise<SignedIn> {
  return post<SignedIn>('/auth/login', { phone, password } satisfies Credentials);
}

// Asks for a six-digit code by text. The answer is the same whether or not the number has an
// account; 429 carries the seconds to wait.
export function sendCode(phone: string, purpose: CodePurpose): Promise<{ ok: boolean; expires_in: number; resend_in: number }> {
  // Not repeated: a repeat would be refused for the 60 s between codes.
  return post<{ ok: boolean; expires_in: number; resend_in: number }>('/auth/code', { phone, purpose } satisfies CodeRequest, {
    retry: false,
  });
}

// Signs in with a code sent by text; the same answer and cookies as signIn.
export function signInByCode(phone: string, code: string): Promise<SignedIn> {
  return post<SignedIn>('/auth/login-code', { phone, code } satisfies CodeSignIn, { retry: false });
}

// Sets a new password with a code sent by text; the server ends every session of the account.
export function resetPassword(phone: string, code: string, newPassword: string): Promise<{ ok: boolean }> {
  return post<{ ok: boolean }>('/auth/reset-password', { phone, code, new_password: newPassword } satisfies PasswordReset, {
    retry: false,
  });
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
  // Not repeated when the answer is lost: a repeat after a change that went through would be
  // refused for the old password.
  return post<{ ok: boolean }>('/auth/password', { old_password: oldPassword, new_password: newPassword } satisfies PasswordChange, {
    retry: false,
  });
}

export function getMe(): Promise<Me> {
  return get<Me>('/me');
}
