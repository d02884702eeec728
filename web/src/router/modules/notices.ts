// Admin console page of notices (通知公告): notices sent to members of a subtree, with their
// reach and read counts, and the dialog that sends one.
import { Bell } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const noticeRoutes = pageRoutes(adminViews, [{ path: 'notices', view: 'notices', titleKey: 'menu.notices', icon: Bell }]);
