// Names for the ids in report records (a voucher's campaign, prize and member), fetched once per
// id for the rows on screen; a name that cannot be had stays the id.
import { reactive } from 'vue';
import { getCampaign, type Campaign } from '@/api/campaigns';
import { getMember } from '@/api/members';

export function useRecordNames() {
  const campaigns = reactive(new Map<string, Campaign | null>());
  const members = reactive(new Map<string, string | null>());

  async function fill<Value>(ids: Iterable<string>, into: Map<string, Value | null>, fetch: (id: string) => Promise<Value>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => id && !into.has(id));
    // Marked as asked for first, so a row shown twice is fetched once.
    for (const id of missing) into.set(id, null);
    await Promise.all(
      missing.map(async (id) => {
        try {
          into.set(id, await fetch(id));
        } catch {
          // Out of reach (deleted, or outside what this admin may read): the id is shown.
        }
      }),
    );
  }

  return {
    campaignTitle: (id: string) => campaigns.get(id)?.title ?? id,
    prizeName: (campaignId: string, prizeId: string) => campaigns.get(campaignId)?.prizes.find((prize) => prize.id === prizeId)?.name ?? '',
    memberName: (id: string) => members.get(id) ?? id,
    loadCampaigns: (ids: Iterable<string>) => fill(ids, campaigns, getCampaign),
    loadMembers: (ids: Iterable<string>) => fill(ids, members, async (id) => (await getMember(id)).name),
  };
}
