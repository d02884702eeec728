// Admin console pages of points: union totals and grants, and a member's ledger.
import { DataLine, List } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const pointsRoutes = pageRoutes(adminViews, [
  { path: 'points', view: 'points', titleKey: 'consoleMenu.points', icon: DataLine, menuGroup: 'points' },
  { path: 'points/ledger', view: 'points-ledger', titleKey: 'consoleMenu.pointsLedger', icon: List, menuGroup: 'points' },
]);
