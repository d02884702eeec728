// Admin console page of the audit log.
import { Tickets } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('@/views/admin/audit/index.vue'),
    meta: { titleKey: 'menu.audit', icon: Tickets },
  },
];
