// Who is signed in, as every app sees it: the account and its roles from `/me`, sign-in and
// sign-out. The session itself lives in the HttpOnly cookie the server sets.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { isSignedOutError } from '@/api/client';
import * as auth from '@/api/auth';
import type { Account, OwnMember, RoleName } from '@/api/auth';

// Whether the account holds any of the roles.
export function holdsAnyRole(account: Account | null, roles: readonly RoleName[]): boolean {
  return !!account && account.roles.some((grant) => roles.includes(grant.role));
}

export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null);
  const member = ref<OwnMember | null>(null);
  // Whether `/me` has answered since the page loaded (or since the last sign-in or sign-out).
  const known = ref(false);
  let loading: Promise<void> | null = null;

  const signedIn = computed(() => account.value !== null);

  function forget(): void {
    account.value = null;
    member.value = null;
    known.value = true;
  }

  // Asks the server who is signed in. Not signed in is an answer, not an error; any other
  // failure (the server unreachable, say) leaves the session unknown, to be asked again.
  async function refresh(): Promise<void> {
    try {
      const me = await auth.getMe();
      account.value = me.account;
      member.value = me.member ?? null;
      known.value = true;
    } catch (error) {
      if (isSignedOutError(error)) {
        forget();
        return;
      }
      account.value = null;
      member.value = null;
      known.value = false;
      throw error;
    }
  }

  // Asks once per page load; concurrent callers share the one request.
  function ensureKnown(): Promise<void> {
    if (known.value) return Promise.resolve();
    loading ??= refresh().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function signIn(phone: string, password: string): Promise<Account> {
    return adopt(await auth.signIn(phone.trim(), password));
  }

  async function signInByCode(phone: string, code: string): Promise<Account> {
    return adopt(await auth.signInByCode(phone.trim(), code.trim()));
  }

  // Takes the account of a sign-in answer as the session's.
  async function adopt(answer: auth.SignedIn): Promise<Account> {
    account.value = answer.account;
    member.value = null;
    known.value = true;
    if (holdsAnyRole(answer.account, ['member'])) await refresh();
    return answer.account;
  }

  // Ends the session on the server; the local state is cleared even if that fails.
  async function signOut(): Promise<void> {
    try {
      await auth.signOut();
    } catch (error) {
      if (!isSignedOutError(error)) throw error;
    } finally {
      forget();
    }
  }

  return { account, member, known, signedIn, forget, refresh, ensureKnown, signIn, signInByCode, signOut };
});
