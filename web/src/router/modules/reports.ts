// Admin console pages of the impact report: the dashboard inside the console, and its printable
// one-page summary, which stands alone (no side menu or header) so that it prints as it shows.
import { DataAnalysis } from '@element-plus/icons-vue';
import type { RouteRecordRaw } from 'vue-router';

export const reportRoutes: RouteRecordRaw[] = [
  {
    path: 'reports/impact',
    name: 'impact-report',
    component: () => import('@/views/admin/impact-report/index.vue'),
    meta: { titleKey: 'menu.impactReport', icon: DataAnalysis },
  },
];

export const reportPrintRoutes: RouteRecordRaw[] = [
  {
    path: '/reports/impact/print',
    name: 'impact-report-print',
    component: () => import('@/views/admin/impact-report-print/index.vue'),
    meta: { titleKey: 'menu.impactReportPrint' },
  },
];
