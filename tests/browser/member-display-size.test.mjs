// Every member page at 150 % display size (see phoneAt150 in browser.mjs: a 390×844 phone at
// 1.5 device pixels per CSS pixel, the page zoomed by CSS `zoom: 1.5`, as Android's 显示大小 does
// it): no text is cut off. For every element with text of its own, neither it nor the nearest
// box around it that hides what overflows (overflow hidden or clip; a box that scrolls, like
// the category tabs, shows the rest on a swipe) is wider inside than it shows (scrollWidth ≤
// clientWidth + 1), and the page itself does not scroll sideways.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { apiAs, demo, displaySize150, phoneAt150, signInByApi, testEnvironment, withPage } from './browser.mjs';
import { applyAs, createRound } from './subsidy.mjs';

const pages = {};
const env = testEnvironment({
  async setUp({ url }) {
    const member = await apiAs(url, demo.member);
    const campaigns = (await member.get('/campaigns?limit=100')).body.items;
    pages.campaign = campaigns.find((campaign) => campaign.kind === 'lottery' && campaign.status === 'drawn').id;
    pages.merchant = (await member.get(`/merchants?q=${encodeURIComponent('阳光葡萄采摘园')}&limit=5`)).body.items[0].id;
    pages.article = (await member.get('/news')).body.items[0].id;
    const workers = (await member.get('/model-workers')).body.items;
    pages.modelWorker = (workers.find((worker) => worker.has_studio) ?? workers[0]).id;
    pages.station = (await member.get('/stations?limit=1')).body.items[0].id;
    // A voucher for 我的券, from a free claim (the demo member has none of their own).
    const admin = await apiAs(url, demo.platformAdmin);
    const created = await admin.post('/campaigns', {
      kind: 'claim',
      title: '大字号测试·蔬菜礼包免费领取',
      opens_at: new Date(Date.now() - 60000).toISOString(),
      closes_at: new Date(Date.now() + 86400000).toISOString(),
      points_cost: 0,
      per_member_limit: 1,
      prizes: [{ tier: 1, name: '有机蔬菜礼包（十斤装）', quantity: 5, value_fen: 3000, merchant_id: pages.merchant }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await admin.post(`/campaigns/${created.body.id}/publish`)).status, 200);
    assert.equal((await member.post(`/campaigns/${created.body.id}/entries`, {}, randomUUID())).status, 201);
    // 求学圆梦: a round with a long title, and an application with a long school and major.
    pages.subsidyRound = (await createRound(url, { title: '大字号测试·二〇二六年度一线职工学历提升“求学圆梦”资助' })).id;
    const application = await applyAs(url, demo.member, pages.subsidyRound, {
      school: '江城开放大学继续教育学院（成人高等教育）',
      major: '护理学（专升本，业余学习形式）',
    });
    pages.subsidyApplication = application.id;
    pages.job = (await member.get(`/jobs?q=${encodeURIComponent('夜班')}`)).body.items[0].id;
    pages.jobFair = (await member.get('/job-fairs')).body.items[0].id;
  },
});

// What is cut off on the page now: one line per clipped text, naming its element and text.
function clippedTexts() {
  const describeElement = (element) => {
    const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).slice(0, 2).join('.') : '';
    return `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''}`;
  };
  const hides = (element) => ['hidden', 'clip'].includes(getComputedStyle(element).overflowX);
  const clipped = (element) => element.scrollWidth > element.clientWidth + 1;
  const shown = (element) => {
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
  };
  const problems = new Set();
  for (const element of document.body.querySelectorAll('*')) {
    const ownText = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent.trim())
      .join(' ')
      .trim();
    if (!ownText || !element.checkVisibility?.() || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(element.tagName)) continue;
    // Text for screen readers only is clipped on purpose.
    if (element.closest('.member-visually-hidden')) continue;
    // The element itself, or the nearest box that hides what overflows it.
    let box = element;
    while (box && box !== document.body && !(hides(box) && shown(box))) box = box.parentElement;
    if (box && box !== document.body && clipped(box)) {
      problems.add(`${describeElement(box)} (${box.scrollWidth} > ${box.clientWidth}) cuts off "${ownText.slice(0, 40)}"`);
    }
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.add(`the page scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
  return [...problems];
}

async function assertNothingClipped(page, name) {
  // Fonts and images settle the layout.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  const problems = await page.evaluate(clippedTexts);
  assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
}

const signedInPages = [
  { name: 'home', path: () => '/', ready: '[data-testid=home-points-balance]' },
  { name: 'campaigns', path: () => '/campaigns', ready: '[data-testid=campaign-card]' },
  {
    name: 'campaign detail (fairness open)',
    path: () => `/campaigns/${pages.campaign}`,
    ready: '[data-testid=winner]',
    open: '[data-testid=fairness] .van-collapse-item__title',
  },
  { name: 'merchants', path: () => '/merchants', ready: '[data-testid=merchant-card]' },
  { name: 'merchant detail', path: () => `/merchants/${pages.merchant}`, ready: '[data-testid=offer-badge]' },
  { name: 'news', path: () => '/news', ready: '[data-testid=article-card]' },
  { name: 'news article', path: () => `/news/${pages.article}`, ready: '[data-testid=article-body]' },
  { name: 'model workers', path: () => '/model-workers', ready: '[data-testid=model-worker-card]' },
  { name: 'model worker', path: () => `/model-workers/${pages.modelWorker}`, ready: '[data-testid=model-worker-name]' },
  { name: '招聘会', path: () => '/job-fairs', ready: '[data-testid=job-fair-card]' },
  { name: '招聘会 detail', path: () => `/job-fairs/${pages.jobFair}`, ready: '[data-testid=fair-job-pay]' },
  { name: '创业指导', path: () => '/mentors', ready: '[data-testid=mentor-slot]' },
  { name: 'points', path: () => '/me/points', ready: '[data-testid=points-balance]' },
  { name: 'vouchers', path: () => '/me/vouchers', ready: '[data-testid=voucher-code]' },
  { name: 'me', path: () => '/me', ready: '[data-testid=me-points-balance]' },
  { name: 'settings', path: () => '/settings', ready: '[data-testid=language-en]' },
  { name: '求学圆梦', path: () => '/subsidy', ready: '[data-testid=subsidy-round]' },
  { name: '求学圆梦 apply', path: () => `/subsidy/apply?round=${pages.subsidyRound}`, ready: '[data-testid=subsidy-submit]' },
  { name: 'my 求学圆梦', path: () => '/me/subsidy', ready: '[data-testid=subsidy-timeline]' },
  {
    name: '求学圆梦 application',
    path: () => `/subsidies/applications/${pages.subsidyApplication}`,
    ready: '[data-testid=subsidy-timeline]',
  },
  { name: 'password', path: () => '/me/password', ready: '[data-testid=change-password]' },
  { name: '找工作', path: () => '/jobs', ready: '[data-testid=job-pay]' },
  { name: 'job', path: () => `/jobs/${pages.job}`, ready: '[data-testid=job-contact-phone]' },
  { name: '我的投递', path: () => '/me/job-applications', ready: '[data-testid=timeline-step]' },
  { name: 'rest stations', path: () => '/stations', ready: '[data-testid=station-item]' },
  { name: 'rest station', path: () => `/stations/${pages.station}`, ready: '[data-testid=station-hours]' },
];

describe('member pages at 150 % display size', () => {
  for (const shown of signedInPages) {
    test(`${shown.name}: no text is cut off`, async () => {
      await withPage(env.browser, { device: phoneAt150, zoom: displaySize150 }, async (page) => {
        await signInByApi(page, env.url, demo.member);
        await page.goto(`${env.url}${shown.path()}`);
        assert.equal(await page.evaluate(() => document.documentElement.style.zoom), String(displaySize150));
        await page.locator(shown.ready).first().waitFor();
        if (shown.open) {
          await page.locator(shown.open).click();
          await page.locator('[data-testid=commitment]').waitFor();
          await page.waitForTimeout(400);
        }
        await assertNothingClipped(page, shown.name);
      });
    });
  }

  test('sign-in: no text is cut off', async () => {
    await withPage(env.browser, { device: phoneAt150, zoom: displaySize150 }, async (page) => {
      await page.goto(`${env.url}/login`);
      await page.locator('[data-testid=sign-in-submit]').waitFor();
      await assertNothingClipped(page, 'sign-in');
    });
  });
});
