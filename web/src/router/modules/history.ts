// Admin console page of imported history (历史数据导入), beside the roster import.
import { Files } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const historyRoutes = pageRoutes(adminViews, [
  { path: 'history/import', view: 'history-import', titleKey: 'menu.historyImport', icon: Files },
]);
