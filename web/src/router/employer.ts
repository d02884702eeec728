// Routes of the employer console (用工单位后台), served at `/employer/`; every page but sign-in
// and the public application form needs the employer staff role.
import { createRouter, createWebHistory } from 'vue-router';
import './meta';
import { consoleRoutes } from './console';
import { employerAccess, guardSignIn } from './guard';
import { employerConsoleRoutes, employerHomeRoutes, employerViews } from './modules/employerConsole';
import { pageRoutes } from './pages';

export const router = createRouter({
  history: createWebHistory('/employer/'),
  routes: consoleRoutes({
    titleKey: 'app.employerShortTitle',
    subtitleKey: 'signIn.employerSubtitle',
    access: employerAccess,
    welcomeKey: 'console.employerWelcome',
    // The public application form: no sign-in, no console frame.
    standalone: pageRoutes(employerViews, [
      { path: '/apply', view: 'apply', name: 'employer-apply', titleKey: 'consoleMenu.employerApply', public: true },
    ]),
    home: employerHomeRoutes,
    pages: employerConsoleRoutes,
  }),
});

guardSignIn(router, employerAccess);
