// The member's points as every page shows them: balance and today's check-in, and the
// history read page by page (newest first) as the member scrolls.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ActionKey, ApiError } from '@/api/client';
import { checkIn as postCheckIn, getOwnPoints, listOwnTransfers, type CheckedIn, type OwnPoints, type Transfer } from '@/api/points';

const pageSize = 20;

export const usePointsStore = defineStore('points', () => {
  const own = ref<OwnPoints | null>(null);
  const transfers = ref<Transfer[]>([]);
  const nextCursor = ref<string | null>(null);
  // Whether the history has been read to its oldest transfer.
  const finished = ref(false);
  let historyGeneration = 0;
  const checkInAction = new ActionKey();

  async function refresh(): Promise<OwnPoints> {
    own.value = await getOwnPoints();
    return own.value;
  }

  // Reads the next page of the history (the first when none is loaded yet).
  async function loadMoreTransfers(): Promise<void> {
    if (finished.value) return;
    const mine = historyGeneration;
    const page = await listOwnTransfers({ limit: pageSize, cursor: nextCursor.value ?? undefined });
    // A reset while this page was on its way makes it stale.
    if (mine !== historyGeneration) return;
    const known = new Set(transfers.value.map((transfer) => transfer.id));
    transfers.value = [...transfers.value, ...page.items.filter((transfer) => !known.has(transfer.id))];
    nextCursor.value = page.next_cursor;
    finished.value = page.next_cursor === null;
  }

  // Forgets the history, so that it is read again from the newest.
  function resetTransfers(): void {
    historyGeneration += 1;
    transfers.value = [];
    nextCursor.value = null;
    finished.value = false;
  }

  // Checks in for today. The answer's transfer joins the top of the history; a check-in the
  // server already has (another device, a stale page) marks today done and is rethrown. A tap
  // keeps its Idempotency-Key until it is answered (see ActionKey), for that day in Shanghai only.
  async function checkIn(): Promise<CheckedIn> {
    const day = new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    try {
      const answer = await checkInAction.run(day, postCheckIn);
      if (own.value) own.value = { ...own.value, balance: answer.balance, checked_in_today: true };
      if (transfers.value.length > 0 || finished.value) transfers.value = [answer.transfer, ...transfers.value];
      return answer;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'already_checked_in' && own.value) {
        own.value = { ...own.value, checked_in_today: true };
      }
      throw error;
    }
  }

  return { own, transfers, finished, refresh, loadMoreTransfers, resetTransfers, checkIn };
});
