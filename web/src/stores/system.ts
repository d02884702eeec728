// Server health as the apps show it: loading, the last answer, or why it could not be had.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '@/api/client';
import { getHealth, type Health } from '@/api/system';

export const useSystemStore = defineStore('system', () => {
  const health = ref<Health | null>(null);
  const error = ref<ApiError | null>(null);
  const loading = ref(false);

  async function loadHealth(): Promise<void> {
    loading.value = true;
    try {
      health.value = await getHealth();
      error.value = null;
    } catch (cause) {
      health.value = null;
      error.value = cause instanceof ApiError ? cause : new ApiError(0, 'unknown', String(cause));
    } finally {
      loading.value = false;
    }
  }

  return { health, error, loading, loadHealth };
});
