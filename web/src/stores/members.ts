// The admin's member list as they left it: filters, page size, the pages visited so far and the
// rows of the current page.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import { listMembers, type MemberFilter } from '@/api/members';
import { useCursorPages } from '@/composables/useCursorPages';

export const useMemberListStore = defineStore('memberList', () => {
  // What the filter inputs show; `applied` is what the rows were fetched with.
  const filter = reactive<MemberFilter>({ q: '', org_id: undefined, status: undefined });
  const applied = ref<MemberFilter>({});
  const pageSize = ref(20);
  const loaded = ref(false);
  const pages = useCursorPages(async (cursor) => {
    const page = await listMembers(applied.value, { limit: pageSize.value, cursor });
    loaded.value = true;
    return page;
  });
  const { loading, pageNumber, hasPrevious, hasNext, next, previous, reload } = pages;
  const items = computed(() => pages.page.value?.items ?? []);

  // Applies the filter inputs and shows the first page.
  async function search(): Promise<void> {
    applied.value = { q: filter.q?.trim() ?? '', org_id: filter.org_id, status: filter.status };
    await pages.first();
  }

  async function resetFilter(): Promise<void> {
    Object.assign(filter, { q: '', org_id: undefined, status: undefined });
    await search();
  }

  async function changePageSize(size: number): Promise<void> {
    pageSize.value = size;
    await pages.first();
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
