// Admin console pages of points: union totals and grants, and a member's ledger.
import { DataLine, List } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const pointsRoutes: RouteRecordRaw[] = [
  {
    path: 'points',
    name: 'points',
    component: () => import('@/views/admin/points/index.vue'),
    meta: { titleKey: 'consoleMenu.points', icon: DataLine, menuGroup: 'points' },
  },
  {
    path: 'points/ledger',
    name: 'points-ledger',
    component: () => import('@/views/admin/points-ledger/index.vue'),
    meta: { titleKey: 'consoleMenu.pointsLedger', icon: List, menuGroup: 'points' },
  },
];
