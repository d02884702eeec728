// Route metadata the layouts read: the i18n key of a route's title and its menu icon.
import type { Component } from 'vue';
import 'vue-router';

export {};

declare module 'vue-router' {
  interface RouteMeta {
    // i18n key of the page title, also the menu and tab bar label.
    titleKey?: string;
    // Element Plus icon component shown beside the menu label in the consoles.
    icon?: Component;
  }
}
