// Admin console pages of campaigns: the list with its actions, and a new draft.
import { Present } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const campaignRoutes: RouteRecordRaw[] = [
  {
    path: 'campaigns',
    name: 'campaigns',
    component: () => import('@/views/admin/campaigns/index.vue'),
    meta: { titleKey: 'consoleMenu.campaigns', icon: Present },
  },
  {
    path: 'campaigns/new',
    name: 'campaign-create',
    component: () => import('@/views/admin/campaign-create/index.vue'),
    meta: { titleKey: 'consoleMenu.campaignCreate', menuRoute: 'campaigns' },
  },
];
