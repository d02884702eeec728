// A page's read of what it shows: whether it is under way and, when it failed, why in words
// (or, where the page asks, that the thing is not there at all: a 404).
import { ref } from 'vue';
import { ApiError, describeError } from '@/api/client';

export interface PageLoadOptions {
  // A 404 sets `missing` instead of `loadError`.
  notFound?: boolean;
  // Runs when the read failed (to forget what was shown, say).
  onFailure?: () => void;
}

export function usePageLoad(options: PageLoadOptions = {}) {
  const loading = ref(false);
  const loadError = ref('');
  const missing = ref(false);

  async function load(read: () => Promise<void>): Promise<void> {
    loading.value = true;
    loadError.value = '';
    missing.value = false;
    try {
      await read();
    } catch (error) {
      options.onFailure?.();
      if (options.notFound && error instanceof ApiError && error.status === 404) missing.value = true;
      else loadError.value = describeError(error);
    } finally {
      loading.value = false;
    }
  }

  return { loading, loadError, missing, load };
}
