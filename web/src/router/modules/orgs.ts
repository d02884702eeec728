// Admin console pages of the union tree.
import { OfficeBuilding } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const orgRoutes: RouteRecordRaw[] = [
  {
    path: 'orgs',
    name: 'orgs',
    component: () => import('@/views/admin/orgs/index.vue'),
    meta: { titleKey: 'menu.orgs', icon: OfficeBuilding },
  },
];
