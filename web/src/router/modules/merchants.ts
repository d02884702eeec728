// Admin console pages of 优惠购: application review, the signed merchants and one merchant.
import { DocumentChecked, Shop } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const merchantRoutes: RouteRecordRaw[] = [
  {
    path: 'merchant-applications',
    name: 'merchant-applications',
    component: () => import('@/views/admin/merchant-applications/index.vue'),
    meta: { titleKey: 'consoleMenu.merchantApplications', icon: DocumentChecked, menuGroup: 'merchants' },
  },
  {
    path: 'merchants',
    name: 'merchants',
    component: () => import('@/views/admin/merchants/index.vue'),
    meta: { titleKey: 'consoleMenu.merchants', icon: Shop, menuGroup: 'merchants' },
  },
  {
    path: 'merchants/:id',
    name: 'merchant-detail',
    component: () => import('@/views/admin/merchant-detail/index.vue'),
    props: true,
    meta: { titleKey: 'consoleMenu.merchantDetail', menuRoute: 'merchants' },
  },
];
