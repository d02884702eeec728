// The state of a review page for an item of the news module's workflow (an article or a
// model-worker profile): the item as its reviewers read it, its loading, which version the
// content panel shows (the pending edit or the live one), and the way to its editor.
import { computed, ref, watch, type Ref } from 'vue';
import { useRouter } from 'vue-router';
import { usePageLoad } from '@/composables/usePageLoad';

export function useReviewedItem<T extends { revision?: unknown }>(id: Ref<string>, read: (id: string) => Promise<T>, editRoute: string) {
  const router = useRouter();
  const item = ref<T | null>(null) as Ref<T | null>;
  const { loading, loadError, load: run } = usePageLoad();
  const shownVersion = ref<'revision' | 'live'>('revision');
  // What the content panel shows: the pending edit or the live version.
  const shown = computed<T | NonNullable<T['revision']> | null>(() => {
    const current = item.value;
    if (!current) return null;
    return current.revision && shownVersion.value === 'revision' ? (current.revision as NonNullable<T['revision']>) : current;
  });

  async function load(): Promise<void> {
    await run(async () => {
      item.value = await read(id.value);
    });
  }

  function edit(): void {
    void router.push({ name: editRoute, params: { id: id.value } });
  }

  watch(id, load, { immediate: true });
  return { item, loading, loadError, load, shownVersion, shown, edit };
}
