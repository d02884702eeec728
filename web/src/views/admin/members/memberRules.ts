// The console form rules of a member's name, mobile number and union card number, checked as
// the API checks them (in the current language; read them inside a computed).
import type { FormItemRule } from 'element-plus';
import { i18n } from '@/locales';
import { isMobileNumber } from '@/locales/format';

export function memberRules(): Record<'name' | 'phone' | 'card_no', FormItemRule[]> {
  const { t } = i18n.global;
  return {
    name: [{ required: true, whitespace: true, message: t('members.nameRequired'), trigger: 'blur' }],
    phone: [
      {
        required: true,
        validator: (_rule, value: string, callback) =>
          isMobileNumber(value) ? callback() : callback(new Error(t('members.phoneInvalid'))),
        trigger: 'blur',
      },
    ],
    card_no: [{ pattern: /^[0-9A-Za-z-]{4,32}$/, required: true, message: t('members.cardNoInvalid'), trigger: 'blur' }],
  };
}
