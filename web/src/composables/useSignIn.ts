// What every sign-in page does, whatever it looks like: sign in with mobile number and
// password or a code sent by text, or reset a forgotten password by code; then back to the
// page asked for; an account without the app's role is told so and
// leaves no session behind; an account already signed in goes straight on.
import { computed, onMounted, reactive, ref } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { resetPassword, type Account } from '@/api/auth';
import { describeError } from '@/api/client';
import { redirectTarget, type AppAccess } from '@/router/guard';
import { holdsAnyRole, useSessionStore } from '@/stores/session';

export interface SignInOptions {
  // Where an account without the app's role may go instead (a page open to any account), or
  // null when nowhere.
  elsewhere?: (account: Account) => Promise<string | null>;
}

export function useSignIn(access: AppAccess, options: SignInOptions = {}) {
  const route = useRoute();
  const router = useRouter();
  const session = useSessionStore();

  // password: number and password; code: number and a code by text; reset: a new password
  // set with a code by text, then back to password.
  const mode = ref<'password' | 'code' | 'reset'>('password');
  const form = reactive({ phone: '', password: '', code: '', newPassword: '' });
  // Said after a reset until the next attempt.
  const passwordReset = ref(false);
  const submitting = ref(false);
  const errorText = ref('');
  // The name of an account that signed in (here or in another app) without the needed role.
  const deniedName = ref('');
  const attempted = ref(false);
  // Sent here because the session ended; said until the next attempt or another message.
  const sessionEnded = computed(() => route.query.ended === '1' && !attempted.value && !deniedName.value && !errorText.value);

  function enter(): void {
    void router.replace(redirectTarget(route.query.redirect));
  }

  // Whether the account may go on: it holds the app's role, or the page asked for is open to
  // any account (a job seeker following their applications, a 创业导师's own page).
  function mayEnter(account: Account): boolean {
    if (holdsAnyRole(account, access.roles)) return true;
    const target = router.resolve(redirectTarget(route.query.redirect));
    return !!(target.meta.public || target.meta.signedIn) && target.name !== route.name;
  }

  // Where an account the app turns away may go instead, if anywhere.
  async function goesElsewhere(account: Account): Promise<string | null> {
    return (await options.elsewhere?.(account).catch(() => null)) ?? null;
  }

  // Signs in unless an attempt is under way or `validate` (the form's own rules) fails.
  async function submit(validate?: () => Promise<boolean>): Promise<void> {
    if (submitting.value) return;
    if (validate && !(await validate())) return;
    submitting.value = true;
    attempted.value = true;
    errorText.value = '';
    deniedName.value = '';
    passwordReset.value = false;
    try {
      if (mode.value === 'reset') {
        await resetPassword(form.phone.trim(), form.code.trim(), form.newPassword);
        form.password = '';
        form.code = '';
        form.newPassword = '';
        mode.value = 'password';
        passwordReset.value = true;
        return;
      }
      const account =
        mode.value === 'code' ? await session.signInByCode(form.phone, form.code) : await session.signIn(form.phone, form.password);
      if (mayEnter(account)) {
        enter();
        return;
      }
      const path = await goesElsewhere(account);
      if (path) {
        void router.replace(path);
        return;
      }
      // Signed in, but this app is not for them: say so and leave no session behind.
      form.password = '';
      form.code = '';
      await session.signOut().catch(() => undefined);
      deniedName.value = account.name;
    } catch (error) {
      errorText.value = describeError(error);
    } finally {
      submitting.value = false;
    }
  }

  // Switches between password, code and reset; the number stays, the error goes.
  function switchMode(next: 'password' | 'code' | 'reset'): void {
    mode.value = next;
    errorText.value = '';
    passwordReset.value = false;
    form.code = '';
  }

  async function signOutCurrent(): Promise<void> {
    await session.signOut().catch(() => undefined);
    deniedName.value = '';
  }

  onMounted(async () => {
    await session.ensureKnown().catch(() => undefined);
    if (!session.account) return;
    if (mayEnter(session.account)) {
      enter();
      return;
    }
    const path = await goesElsewhere(session.account);
    if (path) void router.replace(path);
    else deniedName.value = session.account.name;
  });

  return { session, mode, form, submitting, errorText, deniedName, sessionEnded, passwordReset, submit, switchMode, signOutCurrent };
}
