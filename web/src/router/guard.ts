// Keeps an app's pages behind sign-in with a role the app needs, and sends the user back to
// sign in when a request finds the session gone.
import type { LocationQueryValue, Router } from 'vue-router';
import { setSignedOutListener } from '@/api/client';
import type { RoleName } from '@/api/auth';
import { holdsAnyRole, useSessionStore } from '@/stores/session';

// Who may use an app, and what to tell a signed-in account that may not.
export interface AppAccess {
  roles: readonly RoleName[];
  deniedKey: 'signIn.noAdminRole' | 'signIn.noMerchantRole' | 'signIn.noEmployerRole' | 'signIn.noMemberRole';
}

export const adminAccess: AppAccess = { roles: ['org_admin', 'platform_admin'], deniedKey: 'signIn.noAdminRole' };
export const merchantAccess: AppAccess = { roles: ['merchant_staff'], deniedKey: 'signIn.noMerchantRole' };
export const employerAccess: AppAccess = { roles: ['employer_staff'], deniedKey: 'signIn.noEmployerRole' };
export const memberAccess: AppAccess = { roles: ['member'], deniedKey: 'signIn.noMemberRole' };

export const signInRouteName = 'sign-in';

// Where to go after signing in: a path inside this app, never another site.
export function redirectTarget(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  return path && path.startsWith('/') && !path.startsWith('//') ? path : '/';
}

export function guardSignIn(router: Router, access: AppAccess): void {
  router.beforeEach(async (to) => {
    if (to.meta.public) return true;
    const session = useSessionStore();
    try {
      await session.ensureKnown();
    } catch {
      // The server could not say; the sign-in page shows why.
    }
    if (holdsAnyRole(session.account, access.roles)) return true;
    if (to.meta.signedIn && session.account) return true;
    return { name: signInRouteName, query: { redirect: to.fullPath } };
  });

  // A session that expires or is ended elsewhere: back to sign-in, then to the same page.
  // (Asking `/me` before anyone signed in also ends in 401: the guard handles that itself.)
  setSignedOutListener(() => {
    const session = useSessionStore();
    const wasSignedIn = session.signedIn;
    session.forget();
    const current = router.currentRoute.value;
    if (!wasSignedIn || current.meta.public) return;
    // A fresh page load, so nothing of the last account's data stays in memory.
    window.location.replace(router.resolve({ name: signInRouteName, query: { redirect: current.fullPath, ended: '1' } }).href);
  });
}
