// 就业服务 for job seekers on a phone (390×844). A person who is not a member registers with a
// phone code from a job's page, applies, fills in 申请入会 (the ID number checked in plain
// Chinese) and, once the union approves, sees the member number. A member browses signed out
// (pay on every card, the contact hidden), searches and filters, signs in, edits the job
// profile, applies, and follows the timeline as the employer moves the application; saves a
// search as an alert and deletes it.
//
// The server sends one code to a number per 60 s, and the non-member needs two (registering,
// then 入会): their flow starts the file, the member's runs in between, and the 入会 part ends
// it, waiting only for what is left of the 60 s.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, openPage, phone, signInByForm, testEnvironment, textBox, waitForPath, waitForText } from './browser.mjs';

const env = testEnvironment();
const employerStaff = '13300000001';
const seekerPhone = '13500000099';
const payPattern = /^[\d,]+(–[\d,]+)? 元\/(月|天)$/;
const longHex = /[0-9a-f]{16,}/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The newest code texted to a number, read from the platform admin's outbox.
async function codeSentTo(number) {
  const platform = await apiAs(env.url, demo.platformAdmin);
  const outbox = await platform.get(`/sms/outbox?phone=${number}`);
  assert.equal(outbox.status, 200);
  const text = outbox.body.items[0];
  assert.ok(text, `no text to ${number}`);
  return /(\d{6})/.exec(text.body)[1];
}

// A resident ID number with its GB 11643 check character.
function idNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(first17[index]), 0);
  return first17 + '10X98765432'[sum % 11];
}

async function cardTitles(page) {
  await page.locator('[data-testid=job-card]').first().waitFor();
  return page.locator('[data-testid=job-title]').allTextContents();
}

// Waits until the list shows exactly these titles (in any order).
async function waitForTitles(page, expected) {
  const deadline = Date.now() + 10000;
  let seen = [];
  while (Date.now() < deadline) {
    seen = await page.locator('[data-testid=job-card] [data-testid=job-title]').allTextContents();
    if (JSON.stringify([...seen].sort()) === JSON.stringify([...expected].sort())) return;
    await sleep(100);
  }
  assert.deepEqual(seen.sort(), [...expected].sort());
}

async function openJob(page, title) {
  await page.goto(`${env.url}/jobs`);
  await page.locator('[data-testid=job-card]', { hasText: title }).click();
  await waitForText(page.locator('[data-testid=job-detail] [data-testid=job-title]'), title);
}

// Picks an option of the filter bar's n-th menu (0: type, 1: sort).
async function pickMenu(page, index, option) {
  await page.locator('[data-testid=jobs-filters] .van-dropdown-menu__item').nth(index).click();
  await page.locator('.van-dropdown-item__option:visible', { hasText: option }).click();
}

let seeker;
let firstCodeAt;

test('a non-member registers as a job seeker with a phone code, applies, and fills in 申请入会', async () => {
  const page = await openPage(env.browser, { device: phone });
  seeker = page;
  // No location allowed: the distance filter says so and leaves the rest.
  await page.goto(`${env.url}/jobs`);
  await page.locator('[data-testid=job-card]').first().waitFor();
  await page.locator('[data-testid=jobs-filters] .van-dropdown-menu__item').nth(2).click();
  await page.locator('[data-testid=jobs-within] .van-radio', { hasText: '5 公里内' }).click();
  await page.locator('[data-testid=jobs-more-apply]').click();
  await page.locator('[data-testid=jobs-location-refused]').waitFor();
  assert.ok((await cardTitles(page)).length > 0);

  await openJob(page, '草莓采摘季节工');
  await waitForText(page.locator('[data-testid=job-pay]'), '150–180 元/天');
  await page.locator('[data-testid=job-register-to-apply]').click();
  await waitForPath(page, '/jobs/register');
  await textBox(page, 'seeker-name').fill('赵小燕');
  await textBox(page, 'seeker-phone').fill(seekerPhone);
  await page.locator('[data-testid=seeker-send-code]').click();
  await page.locator('[data-testid=seeker-code-sent]').waitFor();
  firstCodeAt = Date.now();
  await textBox(page, 'seeker-code').fill(await codeSentTo(seekerPhone));
  await page.locator('[data-testid=seeker-skills] textarea').fill('采摘、分拣');
  await page.locator('[data-testid=seeker-submit]').click();

  // Back on the job, signed in: the contact shows, and the application goes in.
  await page.locator('[data-testid=job-contact-phone]').waitFor();
  await page.locator('[data-testid=job-apply]').click();
  await page.locator('[data-testid=apply-confirm]').click();
  await page.locator('[data-testid=job-applied]').waitFor();
  await page.locator('[data-testid=job-applied]').click();
  await waitForPath(page, '/me/job-applications');
  const mine = page.locator('[data-testid=job-application]', { hasText: '草莓采摘季节工' });
  await waitForText(mine.locator('[data-testid=application-status]'), '已投递');

  // 申请入会 from the job list (a seeker has no 我的 tab): the union by name, an ID number
  // with a wrong check character said in plain Chinese.
  await page.goto(`${env.url}/jobs`);
  await page.locator('[data-testid=jobs-join-union]').click();
  await waitForPath(page, '/join');
  await textBox(page, 'join-union-query').fill('公交');
  await page.locator('[data-testid=join-union-search]').click();
  await page.locator('[data-testid=join-union-option]', { hasText: '江北公交公司工会' }).click();
  await page.locator('[data-testid=join-union-picked]').waitFor();
  assert.equal(await textBox(page, 'join-name').inputValue(), '赵小燕');
  const good = idNumber('32010219950812214');
  const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await textBox(page, 'join-id').fill(wrong);
  await textBox(page, 'join-employer').fill('高新区鲜果农业专业合作社');
  await textBox(page, 'join-code').fill('000000');
  await page.locator('[data-testid=join-submit]').click();
  await waitForText(
    page.locator('[data-testid=join-id] .van-field__error-message'),
    '身份证号不正确：应为 18 位，最后一位是数字或 X，请逐位核对。',
  );
  await textBox(page, 'join-id').fill(good);
  assert.equal(page.errors.length, 0);
});

test('a member browses signed out, searches and filters, signs in, applies and follows the timeline', async () => {
  const page = await openPage(env.browser, { device: phone });
  try {
    await page.context().grantPermissions(['geolocation']);
    await page.context().setGeolocation({ latitude: 30.3, longitude: 120.1 });
    // The entry on the home page is for members; the list itself is open to anyone.
    await page.goto(`${env.url}/jobs`);
    const titles = await cardTitles(page);
    assert.ok(titles.includes('仓库分拣员') && titles.includes('钢筋工（零工）'), titles.join());
    assert.ok(!titles.includes('叉车司机'), 'a job under review is not listed');
    for (const pay of await page.locator('[data-testid=job-pay]').allTextContents()) assert.match(pay.trim(), payPattern);
    await waitForText(
      page.locator('[data-testid=job-card]', { hasText: '仓库分拣员' }).locator('[data-testid=job-pay]'),
      '4,500–6,000 元/月',
    );
    await waitForText(page.locator('[data-testid=job-card]', { hasText: '钢筋工' }).locator('[data-testid=job-pay]'), '300–380 元/天');

    // Search in pinyin; then the filters: type, pay per month from 6,500, nearest first.
    await textBox(page, 'jobs-search').fill('fenjian');
    await page.locator('[data-testid=jobs-search-go]').click();
    await waitForTitles(page, ['仓库分拣员']);
    await textBox(page, 'jobs-search').fill('');
    await page.locator('[data-testid=jobs-search-go]').click();
    await pickMenu(page, 0, '零工');
    await waitForTitles(page, ['钢筋工（零工）']);
    await pickMenu(page, 0, '全部');
    await page.locator('[data-testid=jobs-filters] .van-dropdown-menu__item').nth(2).click();
    await page.locator('[data-testid=jobs-pay-unit] .van-radio', { hasText: '按月' }).click();
    await textBox(page, 'jobs-min-pay').fill('6500');
    await page.locator('[data-testid=jobs-more-apply]').click();
    await waitForTitles(page, ['建筑木工']);
    await page.locator('[data-testid=jobs-filters] .van-dropdown-menu__item').nth(2).click();
    await page.locator('[data-testid=jobs-more-reset]').click();
    await pickMenu(page, 1, '离我最近');
    await page.locator('[data-testid=job-distance]').first().waitFor();
    assert.match((await page.locator('[data-testid=job-distance]').first().textContent()).trim(), /^距我 [\d.,]+ 公里$/);

    // Signed out, the job's contact is hidden; directions open the map apps at its place.
    await openJob(page, '夜班快递装卸工');
    await waitForText(page.locator('[data-testid=job-pay]'), '180–220 元/天');
    await page.locator('[data-testid=job-contact-hidden]').waitFor();
    assert.equal(await page.locator('[data-testid=job-contact-phone]').count(), 0);
    assert.match(
      await page.locator('[data-testid=navigate-amap]').getAttribute('href'),
      /^https:\/\/uri\.amap\.com\/marker\?position=[\d.]+,[\d.]+/,
    );
    await page.locator('[data-testid=job-map-show]').click();
    await page.locator('[data-testid=job-map] .place-map__marker').first().waitFor();
    assert.equal(await page.locator('[data-testid=job-map] .place-map__marker').count(), 1);
    await page.locator('[data-testid=job-sign-in-to-apply]').click();
    await waitForPath(page, '/login');
    await signInByForm(page, demo.member);
    await page.locator('[data-testid=job-contact-phone]').waitFor();

    // The job profile from 我的, then the application.
    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=me-job-profile]').click();
    await waitForPath(page, '/me/job-profile');
    await page.locator('[data-testid=profile-skills] textarea').fill('仓储管理、收银、夜班装卸');
    await page.locator('[data-testid=profile-kinds] .van-checkbox', { hasText: '兼职' }).click();
    await page.locator('[data-testid=profile-save]').click();
    await waitForText(page.locator('.van-toast'), '求职档案已保存。');
    await openJob(page, '夜班快递装卸工');
    await page.locator('[data-testid=job-apply]').click();
    await page.locator('[data-testid=apply-note] textarea').fill('可以上夜班。');
    await page.locator('[data-testid=apply-confirm]').click();
    await page.locator('[data-testid=job-applied]').click();
    await waitForPath(page, '/me/job-applications');
    const mine = page.locator('[data-testid=job-application]', { hasText: '夜班快递装卸工' });
    await waitForText(mine.locator('[data-testid=application-status]'), '已投递');
    await mine.locator('[data-testid=timeline-pending]').waitFor();

    // The employer views it and invites to an interview: the next steps show, with the note.
    const employer = await apiAs(env.url, employerStaff);
    const listed = await employer.get('/job-applications?status=submitted');
    const application = listed.body.items.find((item) => item.job_title === '夜班快递装卸工');
    assert.ok(application);
    assert.equal((await employer.post(`/job-applications/${application.id}/move`, { status: 'viewed' })).status, 200);
    const invite = await employer.post(`/job-applications/${application.id}/move`, {
      status: 'interview',
      note: '请周五晚上8点到港城路88号面试。',
    });
    assert.equal(invite.status, 200);
    await page.reload();
    await waitForText(mine.locator('[data-testid=application-status]'), '邀请面试');
    const steps = await mine.locator('[data-testid=timeline-step] strong').allTextContents();
    assert.deepEqual(steps, ['已投递', '已查看', '邀请面试']);
    await waitForText(mine.locator('[data-testid=timeline-note]').last(), '请周五晚上8点到港城路88号面试。');
    assert.doesNotMatch(await page.evaluate(() => document.body.innerText), longHex);

    // The search saved as an alert, listed in 职位提醒, and deleted.
    await page.goto(`${env.url}/jobs?q=${encodeURIComponent('叉车')}`);
    await page.locator('[data-testid=jobs-save-alert]').click();
    await waitForText(page.locator('.van-toast'), '已保存为职位提醒，有符合条件的新职位时会发消息给您。');
    await page.goto(`${env.url}/me/job-alerts`);
    const alert = page.locator('[data-testid=job-alert]', { hasText: '「叉车」' });
    await alert.locator('[data-testid=alert-remove]').click();
    await page.locator('.van-dialog__confirm').click();
    await alert.waitFor({ state: 'detached' });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the non-member’s 入会申请 is approved and shows the member number', async () => {
  const page = seeker;
  try {
    // One code per number per 60 s: wait for what is left since the registration's code.
    await sleep(Math.max(0, firstCodeAt + 61000 - Date.now()));
    await page.locator('[data-testid=join-send-code]').click();
    await textBox(page, 'join-code').fill(await codeSentTo(seekerPhone));
    await page.locator('[data-testid=join-submit]').click();
    await waitForText(page.locator('[data-testid=join-status-tag]'), '待审核');
    assert.match(await page.locator('[data-testid=join-id-number] .van-cell__value').textContent(), /^\s*\d{3}\*+\d{3}[\dX]\s*$/);

    const admin = await apiAs(env.url, demo.platformAdmin);
    const waiting = await admin.get('/joining-applications?status=submitted');
    const application = waiting.body.items.find((item) => item.name === '赵小燕');
    assert.ok(application);
    const approved = await admin.post(`/joining-applications/${application.id}/approve`);
    assert.equal(approved.status, 200);
    assert.ok(approved.body.member_no);
    await page.reload();
    await waitForText(page.locator('[data-testid=join-status-tag]'), '已通过');
    await waitForText(page.locator('[data-testid=join-member-no] .van-cell__value'), approved.body.member_no);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
