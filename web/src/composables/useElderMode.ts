// 长辈版 (large-text mode, after MIIT's 2021 rules for public-service apps): one switch, kept in
// localStorage, shown as the class `member-elder` on the root element. The pages stay the same;
// member.css scales them under that class (see "长辈版" there), so there is no second copy of
// any page to drift.
import { ref, watch } from 'vue';

const storageKey = 'gonghui.elder';
export const elderClass = 'member-elder';

function stored(): boolean {
  try {
    return window.localStorage.getItem(storageKey) === '1';
  } catch {
    return false;
  }
}

const enabled = ref(stored());

function apply(on: boolean): void {
  document.documentElement.classList.toggle(elderClass, on);
}

watch(enabled, (on) => {
  apply(on);
  try {
    if (on) window.localStorage.setItem(storageKey, '1');
    else window.localStorage.removeItem(storageKey);
  } catch {
    // Storage disabled: the switch still holds for this visit.
  }
});

// Sets the root's class from the stored choice; called once when the app starts.
export function applyElderMode(): void {
  apply(enabled.value);
}

// The switch, shared by every page that shows it (我的, settings, sign-in).
export function useElderMode() {
  return enabled;
}
