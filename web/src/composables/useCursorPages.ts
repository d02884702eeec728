// Paging through a list the API answers by cursor ({items, next_cursor}): the cursors of the
// pages visited so far (so "previous page" needs no offsets) and the page shown, which is always
// the answer to the latest request, however the answers arrive.
import { computed, ref, shallowRef } from 'vue';

export interface CursorPage {
  next_cursor: string | null;
}

export interface CursorPagesOptions {
  // Shows a failed read; without it the error is thrown to the caller.
  onError?: (error: unknown) => void;
}

export function useCursorPages<Page extends CursorPage>(
  load: (cursor: string | undefined) => Promise<Page>,
  options: CursorPagesOptions = {},
) {
  const page = shallowRef<Page | null>(null);
  // cursors[i] opens page i + 1; the first page has none.
  const cursors = ref<(string | undefined)[]>([undefined]);
  const loading = ref(false);
  let generation = 0;

  const pageNumber = computed(() => cursors.value.length);
  const hasPrevious = computed(() => cursors.value.length > 1);
  const hasNext = computed(() => !!page.value?.next_cursor);

  // Reads the page that `cursor` opens; answers whether it is the one shown now.
  async function show(cursor: string | undefined): Promise<boolean> {
    const mine = ++generation;
    loading.value = true;
    try {
      const answer = await load(cursor);
      if (mine !== generation) return false;
      page.value = answer;
      return true;
    } catch (error) {
      if (!options.onError) throw error;
      if (mine === generation) options.onError(error);
      return false;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  // The first page (after a new filter, say).
  async function first(): Promise<void> {
    cursors.value = [undefined];
    await show(undefined);
  }

  async function next(): Promise<void> {
    const cursor = page.value?.next_cursor;
    if (!cursor) return;
    if (await show(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previous(): Promise<void> {
    if (cursors.value.length < 2) return;
    const earlier = cursors.value.slice(0, -1);
    if (await show(earlier[earlier.length - 1])) cursors.value = earlier;
  }

  // Reads the page shown again (after an edit, say).
  async function reload(): Promise<void> {
    await show(cursors.value[cursors.value.length - 1]);
  }

  // Forgets the pages; an answer still on its way is not shown.
  function clear(): void {
    generation += 1;
    loading.value = false;
    page.value = null;
    cursors.value = [undefined];
  }

  return { page, loading, pageNumber, hasPrevious, hasNext, first, next, previous, reload, clear };
}
