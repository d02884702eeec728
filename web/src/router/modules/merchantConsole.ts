// Merchant console pages: the merchant's details, offers, farm products and redemption.
import { Discount, Grape, Shop, Ticket } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const merchantConsoleRoutes: RouteRecordRaw[] = [
  {
    path: 'redeem',
    name: 'redeem',
    component: () => import('@/views/merchant/redeem/index.vue'),
    meta: { titleKey: 'consoleMenu.redeem', icon: Ticket },
  },
  {
    path: 'profile',
    name: 'merchant-profile',
    component: () => import('@/views/merchant/profile/index.vue'),
    meta: { titleKey: 'consoleMenu.merchantProfile', icon: Shop },
  },
  {
    path: 'offers',
    name: 'merchant-offers',
    component: () => import('@/views/merchant/offers/index.vue'),
    meta: { titleKey: 'consoleMenu.merchantOffers', icon: Discount },
  },
  {
    path: 'products',
    name: 'merchant-products',
    component: () => import('@/views/merchant/products/index.vue'),
    meta: { titleKey: 'consoleMenu.merchantProducts', icon: Grape },
  },
];
