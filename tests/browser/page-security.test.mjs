// The built apps under the server's page security headers: the member H5, the consoles and
// the public verification page run with no Content-Security-Policy violation, and so does
// reading a large .xlsx roster; a console refuses to be framed by a page of another origin;
// pages carry the four headers.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import writeExcelFile from 'write-excel-file/node';
import { apiAs, demo, openPage, phone, signInByApi, signInByForm, testEnvironment, waitForPath, waitForText } from './browser.mjs';

const desktop = { viewport: { width: 1440, height: 900 } };
const expectedHeaders = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https://*.is.autonavi.com; font-src 'self' data:; " +
    "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; " +
    "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const env = testEnvironment();

// A fresh page whose policy violations are collected in page.violations: each one the page's
// `securitypolicyviolation` listener records (kept in window too, and reported out so that
// full page loads lose none), and each console message about the policy.
async function openWatchedPage(device) {
  const page = await openPage(env.browser, { device });
  page.violations = [];
  await page.exposeFunction('reportPolicyViolation', (violation) => page.violations.push(violation));
  await page.addInitScript(() => {
    window.policyViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      const violation = {
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
      };
      window.policyViolations.push(violation);
      void window.reportPolicyViolation(violation);
    });
  });
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) page.violations.push({ console: message.text() });
  });
  return page;
}

// Runs `body` on a watched page; fails on a policy violation or an uncaught page error.
async function withWatchedPage(device, body) {
  const page = await openWatchedPage(device);
  try {
    await body(page);
    // Violations are reported asynchronously: let the last ones arrive.
    await page.waitForTimeout(300);
    assert.deepEqual(page.violations, []);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
}

// Opens a console menu entry, unfolding its group first when it is folded.
async function openMenu(page, group, item) {
  const entry = page.locator('.console-layout__menu .el-menu-item', { hasText: item });
  if (group && !(await entry.isVisible())) await page.locator('.console-layout__menu .el-sub-menu__title', { hasText: group }).click();
  await entry.click();
}

const tableRows = (page, id) => page.locator(`[data-testid=${id}] .el-table__body tr.el-table__row`);

describe('the apps run under the content security policy', () => {
  test('the watcher sees a violation: an inline script is blocked and reported', async () => {
    const page = await openWatchedPage(phone);
    try {
      await page.goto(`${env.url}/login`);
      await page.locator('[data-testid=sign-in-page]').waitFor();
      const ran = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineScriptRan = true;';
        document.body.append(script);
        return window.inlineScriptRan === true;
      });
      assert.equal(ran, false);
      const deadline = Date.now() + 5000;
      while (!page.violations.some((item) => item.directive === 'script-src-elem') && Date.now() < deadline) await page.waitForTimeout(50);
      assert.ok(
        page.violations.some((item) => item.directive === 'script-src-elem' && item.blocked === 'inline'),
        JSON.stringify(page.violations),
      );
      assert.equal((await page.evaluate(() => window.policyViolations)).length > 0, true);
    } finally {
      await page.context().close();
    }
  });

  test('member H5: sign in, home, merchants, a merchant, campaigns, 我的, points', async () => {
    await withWatchedPage(phone, async (page) => {
      await page.goto(`${env.url}/`);
      await waitForPath(page, '/login');
      await signInByForm(page, demo.member);
      await waitForPath(page, '/');
      await page.locator('[data-testid=member-home]').waitFor();

      await page.locator('[data-testid=tab-merchants]').click();
      await waitForPath(page, '/merchants');
      await page.locator('[data-testid=merchant-card]').first().click();
      await page.waitForURL((url) => url.pathname.startsWith('/merchants/'));
      await page.locator('[data-testid=merchant-name]').waitFor();

      await page.locator('[data-testid=tab-campaigns]').click();
      await waitForPath(page, '/campaigns');
      await page.locator('[data-testid=campaign-card]').first().waitFor();

      await page.locator('[data-testid=tab-me]').click();
      await waitForText(page.locator('[data-testid=me-name]'), '陈晓梅');
      await page.locator('[data-testid=tab-home]').click();
      await page.locator('[data-testid=home-points]').click();
      await waitForPath(page, '/me/points');
      await page.locator('[data-testid=member-layout]').waitFor();
    });
  });

  test('admin console: sign in, members, a member, points, impact report with charts', async () => {
    await withWatchedPage(desktop, async (page) => {
      await page.goto(`${env.url}/admin/`);
      await waitForPath(page, '/admin/login');
      await signInByForm(page, demo.districtAdmin);
      await waitForPath(page, '/admin/');
      await waitForText(page.locator('[data-testid=page-title]'), '概览');

      await openMenu(page, null, '会员管理');
      await waitForPath(page, '/admin/members');
      await tableRows(page, 'member-table').first().locator('[data-testid=member-open]').click();
      await page.waitForURL((url) => url.pathname.startsWith('/admin/members/'));
      await page.locator('[data-testid=page-title]').waitFor();

      await openMenu(page, '积分管理', '积分总览');
      await waitForPath(page, '/admin/points');
      await tableRows(page, 'points-totals').first().waitFor();

      await openMenu(page, null, '成效报告');
      await waitForPath(page, '/admin/reports/impact');
      await page.locator('[data-testid=report-body][data-loading=false]').waitFor();
      await page.locator('[data-testid=report-body] canvas').first().waitFor();
    });
  });

  test('merchant console: sign in, offers, shop details, redeem', async () => {
    await withWatchedPage(desktop, async (page) => {
      await page.goto(`${env.url}/merchant/`);
      await waitForPath(page, '/merchant/login');
      await signInByForm(page, demo.merchantStaff);
      await waitForPath(page, '/merchant/');
      await page.locator('[data-testid=signed-in-name]').waitFor();

      await openMenu(page, null, '优惠');
      await waitForPath(page, '/merchant/offers');
      await tableRows(page, 'offer-table').first().waitFor();

      await openMenu(page, null, '店铺信息');
      await waitForPath(page, '/merchant/profile');
      await page.locator('[data-testid=merchant-name]').waitFor();

      await openMenu(page, null, '核销');
      await waitForPath(page, '/merchant/redeem');
      await page.locator('[data-testid=redeem-submit]').waitFor();
    });
  });

  test('employer console: sign in, jobs, applications, employer details', async () => {
    await withWatchedPage(desktop, async (page) => {
      await page.goto(`${env.url}/employer/`);
      await waitForPath(page, '/employer/login');
      // The demo employer's staff member (江北汇通物流有限公司).
      await signInByForm(page, '13300000001');
      await waitForPath(page, '/employer/');
      await page.locator('[data-testid=signed-in-name]').waitFor();

      await openMenu(page, null, '岗位管理');
      await waitForPath(page, '/employer/jobs');
      await tableRows(page, 'job-table').first().waitFor();

      await openMenu(page, null, '投递管理');
      await waitForPath(page, '/employer/applications');
      await page.locator('[data-testid=job-application-table]').waitFor();

      await openMenu(page, null, '单位信息');
      await waitForPath(page, '/employer/profile');
      await page.locator('[data-testid=employer-name]').waitFor();
    });
  });

  test('admin console: a 4,000-row .xlsx roster is read in the page and imported', async () => {
    // Its sheet is over 512 KB unzipped: the size at which the zip library inflates it in a
    // worker made from a blob: URL, which the policy must allow (worker-src).
    const rows = [['姓名', '手机号', '工会卡号', '所属工会']];
    for (let i = 0; i < 4000; i += 1)
      rows.push([`大名册会员${i}`, `1356${String(i).padStart(7, '0')}`, `GHL${String(i).padStart(6, '0')}`, '市第一人民医院工会']);
    const buffer = await writeExcelFile(rows).toBuffer();
    await withWatchedPage(desktop, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/members/import`);
      await page.locator('[data-testid=roster-upload] input[type=file]').setInputFiles({
        name: 'roster-large.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer,
      });
      await page.locator('[data-testid=roster-start]').click();
      // A refused worker would leave the read hanging: stop at the first violation.
      const count = page.locator('[data-testid=roster-success-count]');
      const deadline = Date.now() + 60000;
      while (!(await count.isVisible()) && page.violations.length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
      assert.deepEqual(page.violations, []);
      assert.ok(await count.isVisible(), 'the roster was imported within a minute');
      assert.match(await count.textContent(), /^共 4,?000 行，新增 4,?000 名会员。$/);
      assert.equal(await page.locator('[data-testid=roster-file-error]').count(), 0);
    });
  });

  test('public verification page: a drawn lottery is recomputed in the browser', async () => {
    const member = await apiAs(env.url, demo.member);
    const drawn = (await member.get('/campaigns')).body.items.find((campaign) => campaign.status === 'drawn');
    await withWatchedPage(desktop, async (page) => {
      await page.goto(`${env.url}/verify/?campaign=${drawn.id}`);
      const verdict = page.locator('[data-testid=verdict]');
      await verdict.waitFor({ timeout: 15000 });
      assert.match(await verdict.textContent(), /已验证/);
    });
  });
});

describe('framing and headers', () => {
  test('a console framed by a page of another origin does not render', async () => {
    const consoleUrl = `${env.url}/admin/`;
    // Another origin (another port) whose page frames the console next to a frame of its own.
    const framer = createServer((request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      if (request.url === '/own') return response.end('<!doctype html><p id="own">own frame</p>');
      response.end(
        `<!doctype html><iframe id="own" src="/own"></iframe><iframe id="console" src="${consoleUrl}" width="1200" height="800"></iframe>`,
      );
    });
    await new Promise((resolve) => framer.listen(0, '127.0.0.1', resolve));
    const framerUrl = `http://127.0.0.1:${framer.address().port}/`;
    assert.notEqual(new URL(framerUrl).origin, new URL(consoleUrl).origin);

    const page = await openPage(env.browser, { device: desktop });
    const refusals = [];
    page.on('console', (message) => {
      if (message.text().includes('frame-ancestors')) refusals.push(message.text());
    });
    try {
      // Signed in, so that a console allowed into the frame would show its pages.
      await signInByApi(page, env.url, demo.districtAdmin);
      const consoleResponse = page.waitForResponse((response) => response.url() === consoleUrl);
      await page.goto(framerUrl);
      assert.equal((await consoleResponse).status(), 200);
      // Frames work on this page: its own one renders.
      await page.frameLocator('#own').locator('#own').waitFor();
      const deadline = Date.now() + 5000;
      while (refusals.length === 0 && Date.now() < deadline) await page.waitForTimeout(50);
      assert.ok(
        refusals.some((text) => text.includes("frame-ancestors 'none'")),
        JSON.stringify(refusals),
      );

      // The console frame holds no app: Chromium put its error page there instead.
      await page.waitForTimeout(500);
      const consoleFrame = await (await page.locator('#console').elementHandle()).contentFrame();
      assert.ok(consoleFrame, 'the iframe has a frame');
      assert.notEqual(consoleFrame.url(), consoleUrl);
      const appContent = await consoleFrame.evaluate(() => document.querySelector('#app')?.childElementCount ?? 0).catch(() => 0);
      assert.equal(appContent, 0);
      assert.equal(await page.frameLocator('#console').locator('[data-testid=page-title]').count(), 0);
    } finally {
      await page.context().close();
      await new Promise((resolve) => framer.close(resolve));
    }
  });

  test('pages are sent with the security headers', async () => {
    for (const path of ['/', '/login', '/admin/', '/admin/points', '/merchant/', '/employer/', '/employer/apply', '/verify/']) {
      const response = await fetch(`${env.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type'), /^text\/html/, path);
      for (const [name, value] of Object.entries(expectedHeaders)) assert.equal(response.headers.get(name), value, `${path} ${name}`);
    }
  });
});
