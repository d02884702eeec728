// Admin console pages of 就业服务: vetting employers (and inviting their staff), reviewing jobs,
// 入会申请 and the figures.
import { DataAnalysis, DocumentChecked, OfficeBuilding, UserFilled } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const jobRoutes = pageRoutes(adminViews, [
  { path: 'jobs/employers', view: 'job-employers', titleKey: 'consoleMenu.jobEmployers', icon: OfficeBuilding, menuGroup: 'jobs' },
  { path: 'jobs/review', view: 'job-review', titleKey: 'consoleMenu.jobReview', icon: DocumentChecked, menuGroup: 'jobs' },
  {
    path: 'joining-applications',
    view: 'joining-applications',
    titleKey: 'consoleMenu.joiningApplications',
    icon: UserFilled,
    menuGroup: 'jobs',
  },
  { path: 'jobs/figures', view: 'job-figures', titleKey: 'consoleMenu.jobFigures', icon: DataAnalysis, menuGroup: 'jobs' },
]);
