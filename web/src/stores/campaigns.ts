// The campaigns the member may take part in, read page by page (newest first) and kept while
// the member opens one and comes back.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listCampaigns, type Campaign } from '@/api/campaigns';

const pageSize = 20;

export const useCampaignStore = defineStore('campaigns', () => {
  const campaigns = ref<Campaign[]>([]);
  const nextCursor = ref<string | null>(null);
  const finished = ref(false);
  // Counts restarts, so that the list on screen knows to read its first page again.
  const generation = ref(0);

  // Open ones first on the home page.
  const open = computed(() => campaigns.value.filter((campaign) => campaign.status === 'open'));

  function restart(): void {
    generation.value += 1;
    campaigns.value = [];
    nextCursor.value = null;
    finished.value = false;
  }

  async function loadMore(): Promise<void> {
    if (finished.value) return;
    const mine = generation.value;
    const page = await listCampaigns({ limit: pageSize, cursor: nextCursor.value ?? undefined });
    if (mine !== generation.value) return;
    const known = new Set(campaigns.value.map((campaign) => campaign.id));
    campaigns.value = [...campaigns.value, ...page.items.filter((campaign) => !known.has(campaign.id))];
    nextCursor.value = page.next_cursor;
    finished.value = page.next_cursor === null;
  }

  // Puts a campaign read again (after an entry, say) in place of the listed one.
  function replace(campaign: Campaign): void {
    campaigns.value = campaigns.value.map((listed) => (listed.id === campaign.id ? campaign : listed));
  }

  return { campaigns, finished, generation, open, restart, loadMore, replace };
});
