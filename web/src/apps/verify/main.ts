// Entry of the public draw-verification page, served at `/verify/` without sign-in.
import { createApp } from 'vue';
import { createI18n } from 'vue-i18n';
import en from '@/locales/verify/en';
import zhCN from '@/locales/verify/zh-CN';
import App from './App.vue';

type Schema = typeof zhCN;
type Locale = 'zh-CN' | 'en';
let locale: Locale = 'zh-CN';
try {
  locale = window.localStorage.getItem('gonghui.locale') === 'en' ? 'en' : 'zh-CN';
} catch {
  // Storage may be disabled; Chinese is the default.
}

const i18n = createI18n<[Schema], Locale, false>({
  legacy: false,
  locale,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});
document.documentElement.lang = locale;
createApp(App).use(i18n).mount('#app');
