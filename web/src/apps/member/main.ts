// Entry of the member H5 (mobile, Vant), served at `/`.
import { createPinia } from 'pinia';
import { showToast } from 'vant';
import 'vant/es/toast/style/index';
import 'vant/es/dialog/style/index';
import { createApp } from 'vue';
import { setErrorPresenter } from '@/api/client';
import { applyElderMode } from '@/composables/useElderMode';
import { i18n } from '@/locales';
import { router } from '@/router/member';
import '@/styles/member.css';
import App from './App.vue';

applyElderMode();
setErrorPresenter((message) => void showToast({ message, position: 'bottom' }));

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app');
