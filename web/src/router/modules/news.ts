// Admin console pages of 资讯管理 and 劳模工匠: each a list, an editor (new and edit) and a
// review page with the workflow's steps.
import { Medal, Reading } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const newsRoutes = pageRoutes(adminViews, [
  { path: 'news', view: 'news', titleKey: 'consoleMenu.news', icon: Reading },
  { path: 'news/new', view: 'news-editor', name: 'news-create', titleKey: 'consoleMenu.newsCreate', menuRoute: 'news' },
  { path: 'news/:id/edit', view: 'news-editor', name: 'news-edit', props: true, titleKey: 'consoleMenu.newsEdit', menuRoute: 'news' },
  { path: 'news/:id', view: 'news-review', props: true, titleKey: 'menu.newsDetail', menuRoute: 'news' },
  { path: 'model-workers', view: 'model-workers', titleKey: 'consoleMenu.modelWorkers', icon: Medal },
  {
    path: 'model-workers/new',
    view: 'model-worker-editor',
    name: 'model-worker-create',
    titleKey: 'consoleMenu.modelWorkerCreate',
    menuRoute: 'model-workers',
  },
  {
    path: 'model-workers/:id/edit',
    view: 'model-worker-editor',
    name: 'model-worker-edit',
    props: true,
    titleKey: 'consoleMenu.modelWorkerEdit',
    menuRoute: 'model-workers',
  },
  {
    path: 'model-workers/:id',
    view: 'model-worker-review',
    props: true,
    titleKey: 'menu.modelWorkerDetail',
    menuRoute: 'model-workers',
  },
]);
