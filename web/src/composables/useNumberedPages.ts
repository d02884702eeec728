// A console list read one numbered page at a time (ElPagination): the page shown, its size,
// the total, and going back to the first page when the filter changes.
import { ref, type Ref } from 'vue';
import { showError } from '@/api/client';

export function useNumberedPages<Item>(read: (page: number, pageSize: number) => Promise<{ items: Item[]; total: number }>) {
  const items = ref([]) as Ref<Item[]>;
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(20);
  const loading = ref(false);
  let generation = 0;

  // Reads the current page again.
  async function reload(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    try {
      const answer = await read(page.value, pageSize.value);
      if (mine !== generation) return;
      items.value = answer.items;
      total.value = answer.total;
    } catch (error) {
      if (mine === generation) showError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  async function first(): Promise<void> {
    page.value = 1;
    await reload();
  }

  return { items, total, page, pageSize, loading, reload, first };
}
