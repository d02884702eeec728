// Whether the console is shown at phone width, where the merchant pages lay themselves out for
// one hand: the same breakpoint as the console layout's phone rules in console.css.
import { onBeforeUnmount, ref, type Ref } from 'vue';

export const phoneQuery = '(max-width: 767px)';

export function usePhoneWidth(): Ref<boolean> {
  const query = window.matchMedia(phoneQuery);
  const phone = ref(query.matches);
  const update = (event: MediaQueryListEvent) => {
    phone.value = event.matches;
  };
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return phone;
}
