// The round a 求学圆梦 console page works on: chosen from the rounds the admin may see, kept in
// the address (?round=…) so that a link or a reload opens the same one; the newest round that
// is not a draft when none is named.
import { computed, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { getRound, listRounds, type SubsidyRound } from '@/api/subsidies';

export function useRoundChoice() {
  const route = useRoute();
  const router = useRouter();
  const rounds = ref<SubsidyRound[]>([]);
  const roundId = ref('');
  const round = computed(() => rounds.value.find((candidate) => candidate.id === roundId.value) ?? null);

  // Reads the rounds and picks the one named in the address, else the newest open or approved.
  async function loadRounds(): Promise<void> {
    rounds.value = await listRounds();
    const named = String(route.query.round ?? '');
    const pick =
      rounds.value.find((candidate) => candidate.id === named) ??
      rounds.value.find((candidate) => candidate.status !== 'draft') ??
      rounds.value[0];
    roundId.value = pick?.id ?? '';
  }

  // Reads the chosen round again (its counts and quotas move with every review).
  async function refreshRound(): Promise<void> {
    if (!roundId.value) return;
    const fresh = await getRound(roundId.value);
    const index = rounds.value.findIndex((candidate) => candidate.id === fresh.id);
    if (index >= 0) rounds.value.splice(index, 1, fresh);
  }

  watch(roundId, (id) => {
    if (id && route.query.round !== id) void router.replace({ query: { ...route.query, round: id } });
  });

  return { rounds, roundId, round, loadRounds, refreshRound };
}
