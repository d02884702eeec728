// Admin console page of the audit log.
import { Tickets } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const auditRoutes = pageRoutes(adminViews, [{ path: 'audit', view: 'audit', titleKey: 'menu.audit', icon: Tickets }]);
