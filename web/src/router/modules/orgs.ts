// Admin console pages of the union tree.
import { OfficeBuilding } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const orgRoutes = pageRoutes(adminViews, [{ path: 'orgs', view: 'orgs', titleKey: 'menu.orgs', icon: OfficeBuilding }]);
