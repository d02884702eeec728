// Saves a PNG screenshot of one page of a running gonghui (for the README), e.g.
//   GONGHUI_URL=http://127.0.0.1:8080 node browser/screenshot.mjs /admin/ ../docs/screenshot.png
// Options: --phone (member H5 size), --locale=en|zh-CN, --width=N --height=N, --full-page,
// --as=<mobile number> (sign in first, with the demo password; pages behind sign-in need it).
import { parseArgs } from 'node:util';
import { launchBrowser, laptop, openPage, phone, signInByApi } from './browser.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    phone: { type: 'boolean', default: false },
    locale: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
    'full-page': { type: 'boolean', default: false },
    as: { type: 'string' },
  },
});
const [path, file] = positionals;
if (!path || !file) {
  console.error(
    'usage: node browser/screenshot.mjs <url-path> <out.png> [--phone] [--locale=en] [--width=N --height=N] [--full-page] [--as=13800000001]',
  );
  process.exit(2);
}
const base = (process.env.GONGHUI_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const device = structuredClone(values.phone ? phone : laptop);
if (values.width) device.viewport.width = Number(values.width);
if (values.height) device.viewport.height = Number(values.height);

const browser = await launchBrowser();
try {
  const page = await openPage(browser, { device, locale: values.locale });
  if (values.as) await signInByApi(page, base, values.as);
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  // Let transitions and web fonts settle so the picture is what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  await page.screenshot({ path: file, fullPage: values['full-page'] });
  console.log(`saved ${file}`);
} finally {
  await browser.close();
}
