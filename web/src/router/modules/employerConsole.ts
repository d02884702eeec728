// Employer console pages: the overview, the employer's jobs, the applications to them and the
// employer's own details.
import { Briefcase, HomeFilled, OfficeBuilding, Tickets } from '@element-plus/icons-vue';
import { pageRoutes, type ViewFiles } from '../pages';

// The employer console's page views (`views/employer/<page>/index.vue`).
export const employerViews: ViewFiles = import.meta.glob('../../views/employer/*/index.vue', { import: 'default' });

export const employerHomeRoutes = pageRoutes(employerViews, [
  { path: '', view: 'overview', name: 'home', titleKey: 'menu.overview', icon: HomeFilled },
]);

export const employerConsoleRoutes = pageRoutes(employerViews, [
  { path: 'jobs', view: 'jobs', name: 'employer-jobs', titleKey: 'consoleMenu.employerJobs', icon: Briefcase },
  {
    path: 'applications',
    view: 'applications',
    name: 'employer-applications',
    titleKey: 'consoleMenu.employerApplications',
    icon: Tickets,
  },
  { path: 'profile', view: 'profile', name: 'employer-profile', titleKey: 'consoleMenu.employerProfile', icon: OfficeBuilding },
]);
