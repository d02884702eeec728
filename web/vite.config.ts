// Vite build of the front ends (member H5, admin, merchant and employer consoles, verify page) as one
// multi-page app, so they share one copy of the request client, i18n and locales.
import { fileURLToPath } from 'node:url';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { VantResolver } from '@vant/auto-import-resolver';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Client-side routes of each app fall back to that app's index.html, as the C++ server does.
const appPrefixes = ['/admin/', '/merchant/', '/employer/', '/verify/'];

function historyFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (request, _response, next) => {
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const wantsPage = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
    // Only page navigations without a file extension are client-side routes.
    if (wantsPage && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      const prefix = appPrefixes.find((candidate) => path === candidate.slice(0, -1) || path.startsWith(candidate));
      request.url = `${prefix ?? '/'}index.html`;
    }
    next();
  };
  return {
    name: 'gonghui-history-fallback',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

// The pages are served under a Content-Security-Policy that allows fonts only from the site
// itself or data: URLs. Vant's icon font is inlined as WOFF2 with a fallback on at.alicdn.com,
// which the browser may still request (and the policy refuses): the remote fallback is dropped.
function vantIconFontInlineOnly(): Plugin {
  return {
    name: 'gonghui-vant-icon-font-inline-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]vant[\\/].*\.css(\?|$)/.test(id)) return null;
      return code.replace(/,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\([^)]*\)/g, '');
    },
  };
}

export default defineConfig({
  base: '/',
  appType: 'mpa',
  resolve: {
    alias: { '@': fromRoot('./src') },
  },
  plugins: [
    vue(),
    // Registers only the Vant and Element Plus components that templates use, with their styles.
    components({
      dts: 'src/components.d.ts',
      // Own components are imported explicitly; only the UI libraries are resolved.
      dirs: [],
      resolvers: [VantResolver(), ElementPlusResolver({ importStyle: 'css' })],
    }),
    historyFallback(),
    vantIconFontInlineOnly(),
  ],
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  preview: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    rolldownOptions: {
      input: {
        member: fromRoot('./index.html'),
        admin: fromRoot('./admin/index.html'),
        merchant: fromRoot('./merchant/index.html'),
        employer: fromRoot('./employer/index.html'),
        verify: fromRoot('./verify/index.html'),
      },
      output: {
        // The Vue runtime every app loads gets a stable, readable chunk of its own.
        codeSplitting: {
          groups: [
            { name: 'vue-core', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/ },
            // Only the report pages draw charts: ECharts stays out of every other page's download.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/ },
          ],
        },
      },
    },
  },
});
