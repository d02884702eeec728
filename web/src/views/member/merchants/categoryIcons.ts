// The Vant icon and tile colour of each merchant category, shared by the home page and the
// merchant pages (where a merchant has no photo of its own).
import type { MerchantCategory } from '@/api/merchants';

export const categoryIcons: Record<MerchantCategory, { icon: string; color: string }> = {
  fresh_produce: { icon: 'shopping-cart-o', color: '#3aa76d' },
  orchard: { icon: 'flower-o', color: '#e0508a' },
  farm: { icon: 'wap-home-o', color: '#c98a1c' },
  dining: { icon: 'hot-o', color: '#e8603c' },
  daily_services: { icon: 'service-o', color: '#3c82e8' },
  culture_sport: { icon: 'medal-o', color: '#8a5ce0' },
  other: { icon: 'apps-o', color: '#6b7785' },
};
