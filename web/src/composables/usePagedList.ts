// A member list read page by page (numbered pages) into a Vant List: what has been read, whether
// there is more, and a restart from the first page when the filter changes. A read answered for
// a filter that has since changed is dropped.
import type { ListInstance } from 'vant';
import { nextTick, ref, type Ref } from 'vue';
import { showError } from '@/api/client';

export interface NumberedAnswer<Item> {
  items: Item[];
  total: number;
}

export function usePagedList<Answer extends NumberedAnswer<{ id: string }>>(
  // The page's Vant List (its template ref).
  list: Ref<ListInstance | undefined>,
  read: (page: number) => Promise<Answer>,
  // What else an answer carries (filter chips, say).
  onAnswer?: (answer: Answer) => void,
) {
  type Item = Answer['items'][number];
  const items = ref([]) as Ref<Item[]>;
  const total = ref(0);
  const finished = ref(false);
  // The Vant List's own state (v-model:loading, v-model:error).
  const loading = ref(false);
  const failed = ref(false);
  let nextPage = 1;
  let generation = 0;

  async function loadMore(): Promise<void> {
    const mine = generation;
    try {
      const answer = await read(nextPage);
      if (mine !== generation) return;
      const known = new Set(items.value.map((item) => item.id));
      items.value = [...items.value, ...answer.items.filter((item) => !known.has(item.id))];
      total.value = answer.total;
      nextPage += 1;
      finished.value = answer.items.length === 0 || items.value.length >= answer.total;
      onAnswer?.(answer);
    } catch (error) {
      if (mine !== generation) return;
      failed.value = true;
      showError(error);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  // Empties the list and has it read its first page again: Vant looks again only when its own
  // state or the scroll position changes.
  function restart(): void {
    generation += 1;
    items.value = [];
    total.value = 0;
    nextPage = 1;
    finished.value = false;
    failed.value = false;
    loading.value = false;
    void nextTick(() => list.value?.check());
  }

  return { items, total, finished, loading, failed, loadMore, restart };
}
