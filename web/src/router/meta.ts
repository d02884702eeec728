// Route metadata the layouts and the sign-in guard read.
import type { Component } from 'vue';
import 'vue-router';

export {};

declare module 'vue-router' {
  interface RouteMeta {
    // i18n key of the page title, also the menu and tab bar label.
    titleKey?: string;
    // Element Plus icon component shown beside the menu label in the consoles.
    icon?: Component;
    // Open without signing in (the sign-in page itself).
    public?: boolean;
    // Open to any signed-in account, not only the app's roles (a job seeker who is not yet a
    // member: 求职档案, 我的投递, 申请入会; a 创业导师 who need not be a member).
    signedIn?: boolean;
    // Name of the menu entry or tab to light up for a page that has none of its own.
    menuRoute?: string;
  }
}
