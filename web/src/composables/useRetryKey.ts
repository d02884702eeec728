import { newIdempotencyKey } from '@/api/client';

// The idempotency key of a form's create request. Sending the same body again (a retry after
// an answer that never came) reuses its key, so the server does the work once; a changed body
// gets a new key. forget() after a success or when the form starts over.
export function useRetryKey() {
  let pending: { key: string; body: string } | null = null;
  return {
    keyFor(body: unknown): string {
      const text = JSON.stringify(body);
      if (!pending || pending.body !== text) pending = { key: newIdempotencyKey(), body: text };
      return pending.key;
    },
    forget(): void {
      pending = null;
    },
  };
}
