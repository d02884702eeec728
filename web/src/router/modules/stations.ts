// Admin console pages of 户外劳动者服务站: the stations with their editor and import, and the
// queue of problems the public reported, and their figures.
import { Histogram, Location, Warning } from '@element-plus/icons-vue';
import { pageRoutes } from '../pages';
import { adminViews } from './adminViews';

export const stationRoutes = pageRoutes(adminViews, [
  { path: 'stations', view: 'stations', name: 'admin-stations', titleKey: 'consoleMenu.stations', icon: Location, menuGroup: 'stations' },
  {
    path: 'stations/new',
    view: 'station-edit',
    name: 'station-create',
    titleKey: 'consoleMenu.stationCreate',
    menuRoute: 'admin-stations',
  },
  {
    path: 'stations/:id/edit',
    view: 'station-edit',
    name: 'station-edit',
    props: true,
    titleKey: 'consoleMenu.stationEdit',
    menuRoute: 'admin-stations',
  },
  { path: 'stations/import', view: 'station-import', titleKey: 'consoleMenu.stationImport', menuRoute: 'admin-stations' },
  { path: 'stations/problems', view: 'station-problems', titleKey: 'consoleMenu.stationProblems', icon: Warning, menuGroup: 'stations' },
  { path: 'stations/figures', view: 'station-figures', titleKey: 'consoleMenu.stationFigures', icon: Histogram, menuGroup: 'stations' },
]);
