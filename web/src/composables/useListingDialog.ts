// The life of a console dialog that adds or edits one of a merchant's listings (an offer or a
// farm product): a fresh form and Idempotency-Key at each opening, the form's own rules, only
// what changed sent for an edit, and the API's complaints shown at their field.
import type { FormInstance } from 'element-plus';
import { reactive, watch, type Ref } from 'vue';
import { newIdempotencyKey } from '@/api/client';
import { formPasses, useFormErrors } from './useFormErrors';

export interface ListingDialogSpec<Listing extends { id: string }, Input, Field extends string> {
  visible: Ref<boolean>;
  form: Ref<FormInstance | undefined>;
  merchantId: () => string;
  // The listing to edit, or null to add one.
  listing: () => Listing | null;
  // Fills the form from the listing, or with a new one's defaults.
  fill: (listing: Listing | null) => void;
  // The body the form stands for; for an edit, only what differs from the listing.
  body: () => Input;
  changesOf: (listing: Listing, input: Input) => Input;
  create: (merchantId: string, input: Input, idempotencyKey: string) => Promise<Listing>;
  update: (id: string, changes: Input) => Promise<Listing>;
  // The form field that shows an error the API names by `field`.
  fieldOf: (field: string) => Field | undefined;
  saved: (listing: Listing, created: boolean) => void;
}

export function useListingDialog<Listing extends { id: string }, Input, Field extends string>(
  spec: ListingDialogSpec<Listing, Input, Field>,
) {
  const submission = reactive(useFormErrors<Field>({ fieldOf: spec.fieldOf }));
  // One key per opening: a retried add does not add twice.
  let idempotencyKey = '';

  watch(spec.visible, (open) => {
    if (!open) return;
    spec.fill(spec.listing());
    submission.clear();
    idempotencyKey = newIdempotencyKey();
    spec.form.value?.clearValidate();
  });

  async function save(): Promise<void> {
    await submission.submit(
      async () => {
        const listing = spec.listing();
        const saved = listing
          ? await spec.update(listing.id, spec.changesOf(listing, spec.body()))
          : await spec.create(spec.merchantId(), spec.body(), idempotencyKey);
        spec.visible.value = false;
        spec.saved(saved, !listing);
      },
      () => formPasses(spec.form),
    );
  }

  return { submission, save };
}

// The fields of `input` whose values differ from those `before` (arrays compared item by item),
// leaving out those named in `skip`.
export function changedFields<Input extends object>(before: object, input: Input, skip: readonly string[] = []): Input {
  const changed: Record<string, unknown> = {};
  const old = before as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (skip.includes(key)) continue;
    const previous = old[key];
    const same = Array.isArray(value) && Array.isArray(previous) ? value.join(',') === previous.join(',') : previous === value;
    if (!same) changed[key] = value;
  }
  return changed as Input;
}
