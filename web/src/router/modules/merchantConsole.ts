// Merchant console pages: the merchant's details, offers, farm products, redemption and the
// membership card check.
import { Discount, Grape, Postcard, Shop, Ticket } from '@element-plus/icons-vue';
import { pageRoutes, type ViewFiles } from '../pages';

// The merchant console's page views (`views/merchant/<page>/index.vue`).
export const merchantViews: ViewFiles = import.meta.glob('../../views/merchant/*/index.vue', { import: 'default' });

export const merchantConsoleRoutes = pageRoutes(merchantViews, [
  { path: 'redeem', view: 'redeem', titleKey: 'consoleMenu.redeem', icon: Ticket },
  { path: 'member-check', view: 'member-check', titleKey: 'consoleMenu.memberCheck', icon: Postcard },
  { path: 'profile', view: 'profile', name: 'merchant-profile', titleKey: 'consoleMenu.merchantProfile', icon: Shop },
  { path: 'offers', view: 'offers', name: 'merchant-offers', titleKey: 'consoleMenu.merchantOffers', icon: Discount },
  { path: 'products', view: 'products', name: 'merchant-products', titleKey: 'consoleMenu.merchantProducts', icon: Grape },
]);
