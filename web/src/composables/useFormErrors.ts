// What a form shows of a failed save: the API's complaint at the field it names (ApiError.field),
// anything else in one message; and whether a save is under way, so a second tap does nothing.
import type { FormInstance } from 'element-plus';
import { reactive, ref, watch, type Ref } from 'vue';
import { ApiError, describeError } from '@/api/client';

export interface FormErrorOptions<Field extends string> {
  // The form field that shows an error the API named by `field`; undefined shows it in the
  // message instead.
  fieldOf?: (field: string) => Field | undefined;
  // The words for an error where the form says it more precisely than describeError.
  describe?: (error: unknown) => string;
}

// A `fieldOf` for forms whose fields are named as the API names them.
export function fieldsNamed<Field extends string>(names: readonly Field[]): (field: string) => Field | undefined {
  return (field) => names.find((name) => name === field);
}

// Whether an Element Plus form passes its own rules (false when it is not mounted).
export async function formPasses(form: Ref<FormInstance | undefined>): Promise<boolean> {
  return (await form.value?.validate().catch(() => false)) ?? false;
}

export function useFormErrors<Field extends string = never>(options: FormErrorOptions<Field> = {}) {
  const fieldErrors = reactive({}) as Partial<Record<Field, string>>;
  const errorText = ref('');
  const saving = ref(false);
  const describe = options.describe ?? describeError;

  function clear(): void {
    for (const key of Object.keys(fieldErrors) as Field[]) delete fieldErrors[key];
    errorText.value = '';
  }

  // Shows an error at its field when the form has that field, else as the message.
  function report(error: unknown): void {
    const field = error instanceof ApiError && error.field ? options.fieldOf?.(error.field) : undefined;
    if (field) fieldErrors[field] = describe(error);
    else errorText.value = describe(error);
  }

  // Runs one save unless one is under way: clears the errors, checks `validate` (the form's
  // own rules) and shows what the save throws. Answers whether it saved.
  async function submit(save: () => Promise<void>, validate?: () => Promise<boolean> | boolean): Promise<boolean> {
    if (saving.value) return false;
    clear();
    if (validate && !(await validate())) return false;
    saving.value = true;
    try {
      await save();
      return true;
    } catch (error) {
      report(error);
      return false;
    } finally {
      saving.value = false;
    }
  }

  return { fieldErrors, errorText, saving, clear, report, submit };
}

// Each time a dialog opens: `fill` sets its form afresh, the last save's errors go, and the
// messages of the form's own rules (when it has an Element Plus form) are cleared.
export function refillOnOpen(
  visible: Ref<boolean>,
  submission: { clear: () => void },
  fill: () => void,
  form?: Ref<FormInstance | undefined>,
): void {
  watch(visible, (open) => {
    if (!open) return;
    fill();
    submission.clear();
    form?.value?.clearValidate();
  });
}
