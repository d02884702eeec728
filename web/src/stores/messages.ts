// The member's unread message count, shown as a badge on the 我的 tab and kept fresh as the
// member moves between pages and reads messages.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getUnreadCount } from '@/api/messages';

export const useMessagesStore = defineStore('messages', () => {
  const unread = ref(0);

  async function refresh(): Promise<number> {
    unread.value = await getUnreadCount();
    return unread.value;
  }

  function markedRead(count = 1): void {
    unread.value = Math.max(0, unread.value - count);
  }

  function clear(): void {
    unread.value = 0;
  }

  return { unread, refresh, markedRead, clear };
});
