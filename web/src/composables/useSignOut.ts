// Signing out from a menu, in any app: after the person confirms, the session ends on the server
// and the app's sign-in page is loaded afresh, so nothing of the account's data stays in memory.
import { useRouter } from 'vue-router';
import { showError } from '@/api/client';
import { signInRouteName } from '@/router/guard';
import { useSessionStore } from '@/stores/session';

// `confirm` asks in the app's own dialog and rejects when the person declines.
export function useSignOut(confirm: () => Promise<unknown>) {
  const router = useRouter();
  const session = useSessionStore();

  return async function signOut(): Promise<void> {
    try {
      await confirm();
    } catch {
      return;
    }
    try {
      await session.signOut();
    } catch (error) {
      showError(error);
      return;
    }
    window.location.replace(router.resolve({ name: signInRouteName }).href);
  };
}
