// What the home pages show about the server: its labels in the user's language.
import { storeToRefs } from 'pinia';
import { computed, onMounted } from 'vue';
import { useI18n } from 'vue-i18n';
import { describeError, showError } from '@/api/client';
import { useSystemStore } from '@/stores/system';

export function useServerHealth() {
  const { t, te } = useI18n();
  const store = useSystemStore();
  const { health, error, loading } = storeToRefs(store);

  const statusText = computed(() => (health.value?.status === 'ok' ? t('system.statusOk') : t('system.statusDegraded')));
  // Known engines get their proper name; an unknown one is shown as the server says it.
  const databaseText = computed(() => {
    const engine = health.value?.db ?? '';
    const key = `system.databases.${engine}`;
    return te(key) ? t(key) : engine;
  });
  const errorText = computed(() => (error.value ? describeError(error.value) : ''));

  // A retry the user asked for also reports its failure the usual way.
  async function retry(): Promise<void> {
    await store.loadHealth();
    if (store.error) showError(store.error);
  }

  onMounted(() => void store.loadHealth());

  return { health, error, loading, statusText, databaseText, errorText, retry };
}
