// Every member page in both modes, normal and 长辈版 (large text), at 390×844:
// - axe-core (WCAG 2 A and AA rules: contrast of at least 4.5:1, labels, names) finds nothing;
// - in 长辈版, sizes measured from computed styles, as shown on the screen (a computed size times
//   the element's CSS zoom, `currentCSSZoom`, since 长辈版 zooms the root):
//   * text: every visible element with text of its own is at least 18 px, with line spacing
//     (line-height ÷ font-size) of at least 1.3;
//   * key figures (points balances, voucher codes) are at least 30 px;
//   * touch targets are at least 60×60 px (44×44 in the normal mode). A touch target is an
//     element in the page's own content (the member layout's <main>, or the whole page where
//     there is no layout: sign-in, invitations) that is a <button>, an <a href>, an <input> of
//     type checkbox or radio, or has role button, switch, tab or link, or is a Vant button,
//     switch or clickable cell; visible, not disabled, and not inside another touch target.
//     The nav bar and the tab bar belong to the layout, not to any page, and are left out.
// - pop-up close buttons sit in the pop-up's top right corner and are at least 44×44 px.
// The routes come from web/src/router/member.ts: a route without an entry below fails the test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { apiAs, demo, openPage, phone, signInByApi, testEnvironment } from './browser.mjs';
import { completedCourse } from './training.mjs';
import { applyAs, createRound } from './subsidy.mjs';

const axePath = new URL('../node_modules/axe-core/axe.min.js', import.meta.url).pathname;
const routerSource = readFileSync(new URL('../../web/src/router/member.ts', import.meta.url), 'utf8');

const ids = {};
const env = testEnvironment({
  async setUp({ url }) {
    const member = await apiAs(url, demo.member);
    const campaigns = (await member.get('/campaigns?limit=100')).body.items;
    ids.campaign = campaigns.find((campaign) => campaign.kind === 'lottery' && campaign.status === 'drawn').id;
    ids.merchant = (await member.get(`/merchants?q=${encodeURIComponent('阳光葡萄采摘园')}&limit=5`)).body.items[0].id;
    ids.article = (await member.get('/news')).body.items[0].id;
    const workers = (await member.get('/model-workers')).body.items;
    ids.modelWorker = (workers.find((worker) => worker.has_studio) ?? workers[0]).id;
    // 青山村 (帮促清单), and a volunteer task of it she signed up for.
    ids.village = (await member.get('/pairings')).body.items.find((pairing) => pairing.village === '青山村').id;
    const task = (await member.get('/volunteer-tasks')).body.items.find((candidate) => candidate.pairing_id === ids.village);
    await member.post(`/volunteer-tasks/${task.id}/sign-up`);
    // A voucher (from a free claim), a favourite and answered feedback, so no page is empty.
    const admin = await apiAs(url, demo.platformAdmin);
    const created = await admin.post('/campaigns', {
      kind: 'claim',
      title: '长辈版测试·蔬菜礼包免费领取',
      opens_at: new Date(Date.now() - 60000).toISOString(),
      closes_at: new Date(Date.now() + 86400000).toISOString(),
      points_cost: 0,
      per_member_limit: 1,
      prizes: [{ tier: 1, name: '有机蔬菜礼包', quantity: 5, value_fen: 3000, merchant_id: ids.merchant }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await admin.post(`/campaigns/${created.body.id}/publish`)).status, 200);
    assert.equal((await member.post(`/campaigns/${created.body.id}/entries`, {}, randomUUID())).status, 201);
    assert.equal((await member.post(`/me/favourites/${ids.merchant}`, {})).status, 200);
    const feedback = await member.post('/me/feedback', { body: '希望多组织周末采摘活动' });
    assert.equal(feedback.status, 201, JSON.stringify(feedback.body));
    const answered = await admin.post(`/feedback/${feedback.body.id}/answer`, { answer: '已安排周六加场，欢迎报名。' });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    // A training course the member completed, with its certificate.
    const training = await completedCourse(admin, member, '长辈版测试·果树修剪培训');
    ids.course = training.course.id;
    ids.certificate = training.certificate.id;
    ids.certificateCode = training.certificate.verify_code;
    // A rest station, opened as its QR code opens it (with the check-in button).
    const station = (await admin.get('/stations/manage?status=open&limit=1')).body.items[0];
    ids.station = station.id;
    ids.stationCode = station.check_in_code;
    // A 求学圆梦 round with one application of hers, and levels left to apply for.
    ids.subsidyRound = (await createRound(url, { title: '长辈版测试·求学圆梦' })).id;
    ids.subsidyApplication = (await applyAs(url, demo.member, ids.subsidyRound)).id;
    // 就业服务: a published job, and a saved search for 职位提醒 (the demo member's applications
    // and job profile come with the demo).
    ids.job = (await member.get(`/jobs?q=${encodeURIComponent('夜班')}`)).body.items[0].id;
    // The demo's 招聘会, registered for, and a booked 创业指导 time.
    ids.jobFair = (await member.get('/job-fairs')).body.items[0].id;
    assert.equal((await member.post(`/job-fairs/${ids.jobFair}/registration`, undefined, randomUUID())).status, 201);
    const mentor = (await member.get('/mentors')).body.items.find((item) => item.slots.some((slot) => slot.free));
    const slot = mentor.slots.find((item) => item.free);
    assert.equal((await member.post(`/mentors/${mentor.id}/bookings`, { slot_id: slot.slot_id }, randomUUID())).status, 201);
  },
});

// Each route of the member router (by its path there), the address to open and what shows
// once the page is ready. `signedIn: false` opens it without a session.
const routes = {
  '/login': { path: () => '/login', ready: '[data-testid=sign-in-submit]', signedIn: false },
  '/invite/:token': { path: () => '/invite/not-a-real-token', ready: '[data-testid=invite-unusable]', signedIn: false },
  '/activate/:token': { path: () => '/activate/not-a-real-token', ready: '[data-testid=invite-unusable]', signedIn: false },
  '/certificates/:code': {
    path: () => `/certificates/${ids.certificateCode}`,
    ready: '[data-testid=certificate-check-verdict]',
    signedIn: false,
  },
  '/stations': { path: () => '/stations', ready: '[data-testid=station-item]', signedIn: false },
  '/stations/:id': { path: () => `/stations/${ids.station}?code=${ids.stationCode}`, ready: '[data-testid=check-in]', signedIn: false },
  '': { path: () => '/', ready: '[data-testid=home-points-balance]' },
  merchants: { path: () => '/merchants', ready: '[data-testid=merchant-card]' },
  'merchants/:id': { path: () => `/merchants/${ids.merchant}`, ready: '[data-testid=offer-badge]' },
  campaigns: { path: () => '/campaigns', ready: '[data-testid=campaign-card]' },
  'campaigns/:id': { path: () => `/campaigns/${ids.campaign}`, ready: '[data-testid=winner]' },
  training: { path: () => '/training', ready: '[data-testid=course-card]' },
  'training/sign-in': { path: () => '/training/sign-in', ready: '[data-testid=sign-in-result]' },
  'training/certificates/:id': { path: () => `/training/certificates/${ids.certificate}`, ready: '[data-testid=certificate-pdf]' },
  'training/:id': { path: () => `/training/${ids.course}`, ready: '[data-testid=enrolment-explain]' },
  news: { path: () => '/news', ready: '[data-testid=article-card]' },
  'news/:id': { path: () => `/news/${ids.article}`, ready: '[data-testid=article-body]' },
  'model-workers': { path: () => '/model-workers', ready: '[data-testid=model-worker-card]' },
  'model-workers/:id': { path: () => `/model-workers/${ids.modelWorker}`, ready: '[data-testid=model-worker-name]' },
  villages: { path: () => '/villages', ready: '[data-testid=village-item]' },
  'villages/:id': { path: () => `/villages/${ids.village}`, ready: '[data-testid=village-task]' },
  'me/volunteer': { path: () => '/me/volunteer', ready: '[data-testid=my-volunteer-item]' },
  me: { path: () => '/me', ready: '[data-testid=me-vouchers-issued]' },
  'me/training': { path: () => '/me/training', ready: '[data-testid=my-training-item]' },
  'me/points': { path: () => '/me/points', ready: '[data-testid=points-balance]' },
  'me/vouchers': { path: () => '/me/vouchers', ready: '[data-testid=voucher-code]' },
  'me/entries': { path: () => '/me/entries', ready: '[data-testid=my-entry]' },
  'me/favourites': { path: () => '/me/favourites', ready: '[data-testid=favourite]' },
  'me/feedback': { path: () => '/me/feedback', ready: '[data-testid=feedback-answer]' },
  'me/password': { path: () => '/me/password', ready: '[data-testid=change-password]' },
  'me/card': { path: () => '/me/card', ready: '[data-testid=card-qr]' },
  'me/messages': { path: () => '/me/messages', ready: '[data-testid=messages-page]' },
  settings: { path: () => '/settings', ready: '[data-testid=elder-switch]' },
  subsidy: { path: () => '/subsidy', ready: '[data-testid=subsidy-round]' },
  'subsidy/apply': { path: () => `/subsidy/apply?round=${ids.subsidyRound}`, ready: '[data-testid=subsidy-submit]' },
  'me/subsidy': { path: () => '/me/subsidy', ready: '[data-testid=subsidy-timeline]' },
  'subsidies/applications/:id': {
    path: () => `/subsidies/applications/${ids.subsidyApplication}`,
    ready: '[data-testid=subsidy-timeline]',
  },
  jobs: { path: () => '/jobs', ready: '[data-testid=job-card]', signedIn: false },
  'jobs/register': { path: () => `/jobs/register?job=${ids.job}`, ready: '[data-testid=seeker-submit]', signedIn: false },
  'jobs/:id': { path: () => `/jobs/${ids.job}`, ready: '[data-testid=job-register-to-apply]', signedIn: false },
  'me/job-profile': { path: () => '/me/job-profile', ready: '[data-testid=profile-save]' },
  'me/job-applications': { path: () => '/me/job-applications', ready: '[data-testid=timeline-step]' },
  'me/job-alerts': { path: () => '/me/job-alerts', ready: '[data-testid=job-alert]' },
  join: { path: () => '/join', ready: '[data-testid=join-already-member]' },
  'job-fairs': { path: () => '/job-fairs', ready: '[data-testid=job-fair-card]' },
  'job-fairs/:id': { path: () => `/job-fairs/${ids.jobFair}`, ready: '[data-testid=show-ticket]' },
  mentors: { path: () => '/mentors', ready: '[data-testid=mentor-slot]' },
  'me/mentoring': { path: () => '/me/mentoring', ready: '[data-testid=not-mentor]' },
  ':path(.*)*': { path: () => '/no-such-page', ready: '[data-testid=not-found]' },
};

// Key figures and the least size they show at in 长辈版.
const keyFigures = [
  '[data-testid=home-points-balance]',
  '[data-testid=points-balance]',
  '[data-testid=me-points-balance]',
  '[data-testid=voucher-code]',
  '[data-testid=subsidy-level-amount]',
];

test('every route of the member router is checked here', () => {
  const declared = [...routerSource.matchAll(/\{ path: '([^']*)'/g)].map((match) => match[1]);
  assert.ok(declared.length >= 15, `read only ${declared.length} routes`);
  assert.deepEqual(declared.filter((path) => !routes[path]).sort(), [], 'routes without an entry in this test');
});

// What measuring the page in 长辈版 finds wrong: one line per problem.
function measureSizes({ keyFigures, minTarget, checkText }) {
  const problems = [];
  const describe = (element) => {
    const testid = element.closest('[data-testid]')?.getAttribute('data-testid');
    const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''}${testid ? ` in [${testid}]` : ''}`;
  };
  const visible = (element) => {
    if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const shownSize = (element) => parseFloat(getComputedStyle(element).fontSize) * (element.currentCSSZoom ?? 1);
  if (checkText) {
    for (const element of document.body.querySelectorAll('*')) {
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'svg'].includes(element.tagName)) continue;
      const own = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent.trim())
        .join('');
      if (!own || !visible(element)) continue;
      const style = getComputedStyle(element);
      const size = shownSize(element);
      if (size < 17.95) problems.push(`text of ${describe(element)} "${own.slice(0, 20)}" is ${size.toFixed(1)} px`);
      const ratio = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / parseFloat(style.fontSize);
      if (ratio < 1.295) problems.push(`line spacing of ${describe(element)} "${own.slice(0, 20)}" is ${ratio.toFixed(2)}`);
    }
    for (const selector of keyFigures) {
      for (const element of document.querySelectorAll(selector)) {
        if (visible(element) && shownSize(element) < 29.95) problems.push(`key figure ${selector} is ${shownSize(element).toFixed(1)} px`);
      }
    }
  }
  const targetSelector = [
    'button',
    'a[href]',
    'input[type=checkbox]',
    'input[type=radio]',
    '[role=button]',
    '[role=switch]',
    '[role=tab]',
    '[role=link]',
    '.van-button',
    '.van-switch',
    '.van-cell--clickable',
  ].join(',');
  const content = document.querySelector('.member-layout__page') ?? document.body;
  for (const element of content.querySelectorAll(targetSelector)) {
    if (!visible(element) || element.disabled || element.getAttribute('aria-disabled') === 'true') continue;
    if (element.parentElement?.closest(targetSelector)) continue;
    const box = element.getBoundingClientRect();
    if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) {
      problems.push(
        `touch target ${describe(element)} "${element.textContent.trim().slice(0, 20)}" is ${box.width.toFixed(0)}×${box.height.toFixed(0)}`,
      );
    }
  }
  return problems;
}

async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }));
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => `${node.target.join(' ')} (${node.failureSummary?.split('\n')[1]?.trim() ?? ''})`).join('; ')}`,
  );
}

// One page per mode and kind of visit: signed in once, then every route opened in turn.
// The page's Content-Security-Policy admits only its own scripts; axe is injected beside them.
async function openMode(elder, signedIn) {
  const page = await openPage(env.browser, { device: { ...phone, bypassCSP: true } });
  if (elder) await page.context().addInitScript(() => window.localStorage.setItem('gonghui.elder', '1'));
  if (signedIn) await signInByApi(page, env.url, demo.member);
  return page;
}

async function checkRoute(page, route, elder) {
  await page.goto(`${env.url}${route.path()}`);
  await page.locator(route.ready).first().waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('member-elder')), elder);
  const problems = await axeViolations(page);
  problems.push(...(await page.evaluate(measureSizes, { keyFigures, minTarget: elder ? 60 : 44, checkText: elder })));
  return problems;
}

for (const elder of [false, true]) {
  describe(elder ? '长辈版' : 'normal mode', () => {
    for (const signedIn of [false, true]) {
      test(`${signedIn ? 'signed-in' : 'public'} pages: no accessibility violations${elder ? '; text, key figures and touch targets large enough' : '; touch targets at least 44×44'}`, async () => {
        const page = await openMode(elder, signedIn);
        try {
          const problems = [];
          for (const [name, route] of Object.entries(routes)) {
            if ((route.signedIn ?? true) !== signedIn) continue;
            for (const problem of await checkRoute(page, route, elder)) problems.push(`${name || 'home'}: ${problem}`);
          }
          assert.deepEqual(problems, [], problems.join('\n'));
          assert.deepEqual(page.errors, []);
        } finally {
          await page.context().close();
        }
      });
    }

    test('a pop-up closes by a button in its corner at least 44×44', async () => {
      const page = await openMode(elder, true);
      try {
        await page.goto(`${env.url}/me/vouchers`);
        await page.locator('[data-testid=voucher-code]').first().waitFor();
        await page.locator('[data-testid=voucher-qr]').first().click();
        const popup = page.locator('[data-testid=voucher-qr-popup]');
        await popup.waitFor();
        // Past the pop-up's opening transition.
        await page.waitForTimeout(400);
        const close = popup.locator('[data-testid=popup-close]');
        const [popupBox, closeBox] = [await popup.boundingBox(), await close.boundingBox()];
        assert.ok(closeBox.width >= 44 && closeBox.height >= 44, `close button ${closeBox.width}×${closeBox.height}`);
        assert.ok(Math.abs(popupBox.x + popupBox.width - (closeBox.x + closeBox.width)) <= 8, 'at the right edge');
        assert.ok(Math.abs(popupBox.y - closeBox.y) <= 8, 'at the top edge');
        assert.deepEqual(await axeViolations(page), []);
        await close.click();
        await popup.waitFor({ state: 'hidden' });
      } finally {
        await page.context().close();
      }
    });
  });
}

describe('the 长辈版 switch', () => {
  test('on the sign-in page, in 我的 and found in settings by each of its names', async () => {
    const page = await openPage(env.browser, { device: phone });
    try {
      await page.goto(`${env.url}/login`);
      const root = () => page.evaluate(() => document.documentElement.classList.contains('member-elder'));
      await page.locator('[data-testid=elder-switch]').click();
      assert.equal(await root(), true);
      await signInByApi(page, env.url, demo.member);
      await page.goto(`${env.url}/me`);
      await page.locator('[data-testid=me-vouchers]').waitFor();
      assert.equal(await root(), true, 'the choice is kept');
      await page.locator('[data-testid=elder-switch]').click();
      assert.equal(await root(), false);
      await page.goto(`${env.url}/settings`);
      for (const name of ['长辈版', '亲情版', '关爱版', '关怀版']) {
        await page.locator('[data-testid=settings-search] input').fill(name);
        await page.locator('[data-testid=settings-elder] [data-testid=elder-switch]').waitFor();
        assert.equal(await page.locator('[data-testid=language-en]').count(), 0, `${name} shows only 长辈版`);
      }
      await page.locator('[data-testid=settings-search] input').fill('无此设置');
      await page.locator('[data-testid=settings-no-match]').waitFor();
      await page.locator('[data-testid=settings-search] input').fill('关怀版');
      await page.locator('[data-testid=elder-switch]').click();
      assert.equal(await root(), true);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
});
