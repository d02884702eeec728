// Admin console pages of the impact report: the dashboard inside the console, and its printable
// one-page summary, which stands alone (no side menu or header) so that it prints as it shows.
import { DataAnalysis } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const reportRoutes = pageRoutes(adminViews, [
  { path: 'reports/impact', view: 'impact-report', titleKey: 'menu.impactReport', icon: DataAnalysis },
]);

export const reportPrintRoutes = pageRoutes(adminViews, [
  { path: '/reports/impact/print', view: 'impact-report-print', titleKey: 'menu.impactReportPrint' },
]);
