// Groups of the consoles' side menus: a route names its group in `meta.menuGroup`, and the
// layout shows the group's entries under one heading, where its first entry would be.
import { Briefcase, Coin, Location, Reading, School, Shop } from '@element-plus/icons-vue';
import type { Component } from 'vue';
import 'vue-router';

export interface MenuGroup {
  // i18n key of the group's heading.
  titleKey: string;
  icon: Component;
}

export const menuGroups: Record<string, MenuGroup> = {
  points: { titleKey: 'consoleMenu.pointsGroup', icon: Coin },
  merchants: { titleKey: 'consoleMenu.merchantsGroup', icon: Shop },
  training: { titleKey: 'consoleMenu.trainingGroup', icon: School },
  subsidy: { titleKey: 'consoleMenu.subsidyGroup', icon: Reading },
  jobs: { titleKey: 'consoleMenu.jobsGroup', icon: Briefcase },
  stations: { titleKey: 'consoleMenu.stationsGroup', icon: Location },
};

declare module 'vue-router' {
  interface RouteMeta {
    // Key of the menu group (in `menuGroups`) the page's menu entry belongs to.
    menuGroup?: string;
  }
}
