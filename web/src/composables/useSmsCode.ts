// Asking for a code by text: one request at a time, then a countdown until another may be
// asked for (60 s, or the wait the server names when it refuses one as too soon).
import { computed, onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { sendCode, type CodePurpose } from '@/api/auth';
import { ApiError, describeError } from '@/api/client';

export function useSmsCode() {
  const { t } = useI18n();
  const secondsLeft = ref(0);
  const sending = ref(false);
  const errorText = ref('');
  const sent = ref(false);
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  }

  function countDown(seconds: number): void {
    stop();
    secondsLeft.value = seconds;
    timer = setInterval(() => {
      secondsLeft.value -= 1;
      if (secondsLeft.value <= 0) stop();
    }, 1000);
  }

  // Sends a code to `phone`; false (with errorText) if it was refused.
  async function send(phone: string, purpose: CodePurpose): Promise<boolean> {
    if (sending.value || secondsLeft.value > 0) return false;
    sending.value = true;
    errorText.value = '';
    try {
      const answer = await sendCode(phone.trim(), purpose);
      sent.value = true;
      countDown(answer.resend_in);
      return true;
    } catch (error) {
      errorText.value = describeError(error);
      if (error instanceof ApiError && error.code === 'code_too_soon' && error.retryAfterSeconds) countDown(error.retryAfterSeconds);
      return false;
    } finally {
      sending.value = false;
    }
  }

  function reset(): void {
    stop();
    secondsLeft.value = 0;
    errorText.value = '';
    sent.value = false;
  }

  onBeforeUnmount(stop);

  const buttonText = computed(() => (secondsLeft.value > 0 ? t('signIn.resendIn', { seconds: secondsLeft.value }) : t('signIn.getCode')));
  return { secondsLeft, sending, errorText, sent, buttonText, send, reset };
}
