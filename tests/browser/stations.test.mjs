// 户外劳动者服务站 on a phone (390×844), signed in or not: the finder lists the demo city's
// stations nearest the phone first with 营业中, filters by amenity, shows them on a map (no tiles
// are needed), opens a station with its hours, amenities and navigation links, and still shows
// the last list offline. A member opening a station's QR checks in, rates the visit and reports
// a problem; the union's admin confirms and fixes it in the console, sees it in 服务站统计, and
// the member gets the message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, signInByForm, testEnvironment, waitForText } from './browser.mjs';

let admin;
let member;
const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.districtAdmin);
    member = await apiAs(url, demo.member);
  },
});

// A little east of the demo city's centre (WGS-84).
const here = { latitude: 30.274, longitude: 120.16 };
const desktop = { viewport: { width: 1440, height: 900 } };

async function withContext(options, body) {
  const context = await env.browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  try {
    await body(page, context);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

const metres = (text) => (text.includes('公里') ? Number.parseFloat(text) * 1000 : Number.parseFloat(text));

test('anyone finds stations near them, filters, maps and opens one, and sees the last list offline', async () => {
  await withContext({ ...phone, geolocation: here, permissions: ['geolocation'] }, async (page, context) => {
    await page.goto(`${env.url}/stations`);
    const items = page.locator('[data-testid=station-item]');
    await items.first().waitFor();
    await waitForText(page.locator('[data-testid=stations-sorted]'), '按离你的距离排序');
    const distances = (await page.locator('[data-testid=station-distance]').allTextContents()).map(metres);
    assert.ok(distances.length >= 10, `${distances.length} stations`);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
    );
    assert.ok((await page.locator('[data-testid=station-open]').count()) > 0, 'some are 营业中');

    // Only those with a microwave.
    const all = await items.count();
    await page.locator('[data-testid=chip-microwave]').click();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid=station-item]').length < count, all);
    for (const text of await items.allTextContents()) assert.match(text, /微波炉/);
    const withMicrowave = await items.count();

    // The map: one marker per station, drawn without tiles.
    await page.locator('[data-testid=view-map]').click();
    await page.locator('[data-testid=stations-map] .place-map__marker').first().waitFor();
    assert.equal(await page.locator('[data-testid=stations-map] .place-map__marker').count(), withMicrowave);
    await page.locator('[data-testid=view-list]').click();
    await page.locator('[data-testid=chip-microwave]').click();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid=station-item]').length === count, all);
    await page.locator('[data-testid=stations][data-offline-ready="1"]').waitFor();

    // A station's page: hours, amenities and links to each map app in its own coordinates.
    const name = (await page.locator('[data-testid=station-name]').first().textContent()).trim();
    await items.first().click();
    await waitForText(page.locator('[data-testid=station-detail-name]'), name);
    await page.locator('[data-testid=station-hours]').waitFor();
    const station = (await admin.get(`/stations?q=${encodeURIComponent(name)}`)).body.items[0];
    const amap = new URL(await page.locator('[data-testid=navigate-amap]').getAttribute('href'));
    const [lng, lat] = amap.searchParams.get('position').split(',').map(Number);
    assert.ok(
      Math.abs(lat - station.coordinates.gcj02.lat) < 1e-6 && Math.abs(lng - station.coordinates.gcj02.lng) < 1e-6,
      'AMap gets GCJ-02',
    );
    assert.equal(amap.searchParams.get('name'), name);
    const baidu = new URL(await page.locator('[data-testid=navigate-baidu]').getAttribute('href'));
    const [bdLat, bdLng] = baidu.searchParams.get('location').split(',').map(Number);
    assert.ok(
      Math.abs(bdLat - station.coordinates.bd09.lat) < 1e-6 && Math.abs(bdLng - station.coordinates.bd09.lng) < 1e-6,
      'Baidu gets BD-09',
    );
    assert.equal(await page.locator('[data-testid=station-check-in]').count(), 0, 'no check-in without the QR code');

    // Offline: the page and the last list come back, with a note.
    await page.locator('[data-testid=station-back]').click();
    await items.first().waitFor();
    await context.setOffline(true);
    await page.reload();
    await waitForText(page.locator('[data-testid=stations-offline]'), '离线，显示上次的结果');
    assert.equal(await items.count(), all);
    await context.setOffline(false);
  });
});

test('a member checks in by the QR, rates the visit and reports a problem; the union fixes it, counts it in 服务站统计 and the member is told', async () => {
  const station = (await admin.get('/stations/manage?status=open&limit=1')).body.items[0];
  const description = `空调不制冷 ${Date.now()}`;
  await withContext(phone, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/stations/${station.id}?code=${station.check_in_code}`);
    await waitForText(page.locator('[data-testid=station-detail-name]'), station.name);
    await page.locator('[data-testid=check-in]').click();
    await page.locator('[data-testid=check-in-done]').waitFor();
    await page.locator('[data-testid=rating-stars] .van-rate__item').nth(3).click();
    await page.locator('[data-testid=rating-comment] textarea').fill('干净凉快');
    await page.locator('[data-testid=rating-send]').click();
    await page.locator('[data-testid=rating-done]').waitFor();

    await page.locator('[data-testid=report-open]').click();
    await page.locator('[data-testid=problem-kind-air_conditioning]').click();
    await page.locator('[data-testid=problem-description] textarea').fill(description);
    await page.locator('[data-testid=problem-send]').click();
    await waitForText(page.locator('[data-testid=problem-receipt]'), '已提交，处理后会通过消息告诉你。');
  });

  await withContext(desktop, async (page) => {
    await page.goto(`${env.url}/admin/stations/problems`);
    await signInByForm(page, demo.districtAdmin);
    const row = page.locator('[data-testid=problem-table] tr', { hasText: description });
    await row.waitFor();
    await row.locator('[data-testid=problem-confirm]').click();
    await waitForText(row.locator('[data-testid=problem-status]'), '已确认');
    await row.locator('[data-testid=problem-fix]').click();
    await page.locator('[data-testid=reason-input] textarea, textarea[data-testid=reason-input]').first().fill('已更换空调外机电容');
    await page.locator('[data-testid=reason-save]').click();
    await waitForText(row.locator('[data-testid=problem-status]'), '已修复');

    // 服务站统计: the visit and the fixed problem count, in total and for the union.
    const expected = (await admin.get('/stations/figures')).body;
    assert.ok(expected.visits >= 1 && expected.problems_fixed >= 1, JSON.stringify(expected));
    await page.locator('.el-menu-item').filter({ hasText: '服务站统计' }).click();
    await waitForText(page.locator('[data-testid=figure-problems_fixed]'), String(expected.problems_fixed));
    await waitForText(page.locator('[data-testid=figure-visits]'), expected.visits.toLocaleString('zh-CN'));
    assert.match(await page.locator('[data-testid=figure-median_days_to_fix]').innerText(), /^\d+\.\d$/);
    const union = page.locator('[data-testid=figures-by-org] .el-table__body tr').filter({ hasText: station.org_name });
    await union.waitFor();
    assert.match(
      await union.innerText(),
      new RegExp(`\\b${expected.by_org.find((o) => o.org_name === station.org_name).problems_fixed}\\b`),
    );
  });

  const messages = (await member.get('/me/messages?limit=20')).body.items;
  assert.ok(
    messages.some((m) => JSON.stringify(m).includes('已更换空调外机电容')),
    'the member is told what was done',
  );
});
