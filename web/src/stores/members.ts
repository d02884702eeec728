// The admin's member list as they left it: filters, page size, the cursors of the pages
// visited so far (so "previous page" needs no offsets), and the rows of the current page.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { listMembers, type Member, type MemberFilter } from '@/api/members';

export const useMemberListStore = defineStore('memberList', () => {
  // What the filter inputs show; `applied` is what the rows were fetched with.
  const filter = reactive<MemberFilter>({ q: '', org_id: undefined, status: undefined });
  const applied = ref<MemberFilter>({});
  const pageSize = ref(20);
  // cursors[i] opens page i + 1; the first page has none.
  const cursors = ref<(string | undefined)[]>([undefined]);
  const nextCursor = ref<string | null>(null);
  const items = ref<Member[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  let generation = 0;

  const pageNumber = computed(() => cursors.value.length);
  const hasPrevious = computed(() => cursors.value.length > 1);
  const hasNext = computed(() => nextCursor.value !== null);

  async function fetchPage(cursor: string | undefined): Promise<boolean> {
    // Only the answer to the latest request is shown, however the answers arrive.
    const mine = ++generation;
    loading.value = true;
    try {
      const page = await listMembers(applied.value, { limit: pageSize.value, cursor });
      if (mine !== generation) return false;
      items.value = page.items;
      nextCursor.value = page.next_cursor;
      loaded.value = true;
      return true;
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  // Applies the filter inputs and shows the first page.
  async function search(): Promise<void> {
    applied.value = { q: filter.q?.trim() ?? '', org_id: filter.org_id, status: filter.status };
    cursors.value = [undefined];
    await fetchPage(undefined);
  }

  async function resetFilter(): Promise<void> {
    Object.assign(filter, { q: '', org_id: undefined, status: undefined });
    await search();
  }

  async function next(): Promise<void> {
    const cursor = nextCursor.value;
    if (cursor === null) return;
    if (await fetchPage(cursor)) cursors.value = [...cursors.value, cursor];
  }

  async function previous(): Promise<void> {
    if (cursors.value.length < 2) return;
    const earlier = cursors.value.slice(0, -1);
    if (await fetchPage(earlier[earlier.length - 1])) cursors.value = earlier;
  }

  // Reads the current page again (after an edit, say).
  async function reload(): Promise<void> {
    await fetchPage(cursors.value[cursors.value.length - 1]);
  }

  async function changePageSize(size: number): Promise<void> {
    pageSize.value = size;
    cursors.value = [undefined];
    await fetchPage(undefined);
  }

  return {
    filter,
    applied,
    pageSize,
    items,
    loading,
    loaded,
    pageNumber,
    hasPrevious,
    hasNext,
    search,
    resetFilter,
    next,
    previous,
    reload,
    changePageSize,
  };
});
