// 技能培训 on a phone (390×844): the course list by category with each course's mode and seats;
// enrolling in a first-come course, joining its waiting list when full, being offered the seat
// when it frees and confirming it, cancelling; applying to a fair-draw course and reading the
// draw's result after the admin draws, with its verification; signing in to a session by the
// link its QR code carries; the certificate with its PDF; and the certificate's public check.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForText, withPage } from './browser.mjs';
import { completedCourse, enrolByApi, minute, publishedCourse, sessionCode, sleep } from './training.mjs';

let admin;
let member;
let other;
const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
    // A member of 城南区, who takes seats before the demo member.
    other = await apiAs(url, '13900000005');
  },
});

const longHex = /[0-9a-f]{16,}/;

// A demo member other than the demo member, whom no missed session bars from fair draws.
async function unbarredMember() {
  for (const phoneNumber of ['13900000005', '13900000006', '13900000007', '13900000008', '13900000009']) {
    const candidate = await apiAs(env.url, phoneNumber);
    const mine = await candidate.get('/me/training');
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    if (mine.body.barred_until === null) return candidate;
  }
  throw new Error('every candidate is barred from fair draws');
}
const visibleText = (page) => page.evaluate(() => document.body.innerText);

async function withMemberPage(body) {
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await body(page);
  });
}

async function openCourse(page, course) {
  await page.goto(`${env.url}/training/${course.id}`);
  await waitForText(page.locator('[data-testid=course-title]'), course.title);
}

// Answers the confirmation a cancel opens.
async function confirmDialog(page) {
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  await dialog.locator('.van-dialog__confirm').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('the course list shows each course by category with its mode and seats left', async () => {
  const farming = await publishedCourse(admin, { title: `草莓高架栽培 ${Date.now()}`, seats: 12, sessionsIn: [3 * 24 * 60 * minute] });
  const live = await publishedCourse(admin, {
    title: `农产品直播带货入门 ${Date.now()}`,
    mode: 'fair_draw',
    seats: 20,
    category: 'live_commerce',
    sessionsIn: [3 * 24 * 60 * minute],
  });
  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/`);
    await page.locator('[data-testid=home-shortcuts] .van-grid-item', { hasText: '技能培训' }).click();
    await page.locator('[data-testid=training-page]').waitFor();
    const farmingCard = page.locator('[data-testid=course-card]', { hasText: farming.title });
    await waitForText(farmingCard.locator('[data-testid=course-mode]'), '先到先得');
    await waitForText(farmingCard.locator('[data-testid=course-status]'), '报名中');
    await waitForText(farmingCard.locator('[data-testid=course-seats]'), '剩余 12 个名额（共 12 个）');
    const liveCard = page.locator('[data-testid=course-card]', { hasText: live.title });
    await waitForText(liveCard.locator('[data-testid=course-mode]'), '公平抽签');
    await waitForText(liveCard.locator('[data-testid=course-seats]'), '0 人申请 · 20 个名额');

    // The 直播带货 tab lists only that category.
    await page.locator('[data-testid=training-categories] [role=tab]', { hasText: '直播带货' }).click();
    await page.locator('[data-testid=course-card]', { hasText: live.title }).waitFor();
    await page.locator('[data-testid=course-card]', { hasText: farming.title }).waitFor({ state: 'detached' });
    assert.match(page.url(), /category=live_commerce/);
    assert.doesNotMatch(await visibleText(page), longHex);
  });
});

test('first come: enrol and cancel; when full, join the waiting list, get the freed seat and confirm it', async () => {
  const open = await publishedCourse(admin, { title: `果树修剪实操 ${Date.now()}`, seats: 5, sessionsIn: [3 * 24 * 60 * minute] });
  const full = await publishedCourse(admin, { title: `茶叶加工技术 ${Date.now()}`, seats: 1, sessionsIn: [3 * 24 * 60 * minute] });
  await enrolByApi(other, full.id);

  await withMemberPage(async (page) => {
    await openCourse(page, open);
    await waitForText(page.locator('[data-testid=enrol-button]'), '立即报名');
    assert.match(await page.locator('[data-testid=enrolment-explain]').innerText(), /还剩 5 个名额，先报先得/);
    await page.locator('[data-testid=enrol-button]').click();
    await waitForText(page.locator('[data-testid=enrolment-outcome]'), '报名成功');
    await waitForText(page.locator('[data-testid=enrolment-state]'), '已报名');
    assert.match(await page.locator('[data-testid=enrolment-explain]').innerText(), /前可以取消/);
    await page.locator('[data-testid=session-map]').first().waitFor();

    await page.locator('[data-testid=cancel-button]').click();
    await confirmDialog(page);
    await waitForText(page.locator('[data-testid=enrolment-outcome]'), '已取消');
    await waitForText(page.locator('[data-testid=enrolment-state]'), '已取消');
    await waitForText(page.locator('[data-testid=enrol-button]'), '立即报名');

    // Full: the waiting list, with the position.
    await openCourse(page, full);
    assert.match(await page.locator('[data-testid=enrolment-explain]').innerText(), /名额已满，可以加入候补/);
    await waitForText(page.locator('[data-testid=enrol-button]'), '加入候补');
    await page.locator('[data-testid=enrol-button]').click();
    await waitForText(page.locator('[data-testid=enrolment-outcome]'), '已加入候补，您是第 1 位');
    await waitForText(page.locator('[data-testid=enrolment-state]'), '候补第 1 位');
    await waitForText(page.locator('[data-testid=cancel-button]'), '退出候补');

    // The seat frees: the member is offered it with a deadline, and confirms.
    const cancelled = await other.post(`/training/courses/${full.id}/enrolment/cancel`, undefined, randomUUID());
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    await page.reload();
    await waitForText(page.locator('[data-testid=enrolment-state]'), '待确认');
    assert.match(await page.locator('[data-testid=enrolment-explain]').innerText(), /有名额空出来了！请在 .+ 前确认参加/);
    await page.locator('[data-testid=confirm-button]').click();
    await waitForText(page.locator('[data-testid=enrolment-outcome]'), '已确认参加');
    await waitForText(page.locator('[data-testid=enrolment-state]'), '已报名');

    // 我的培训 lists both, each with its state.
    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=me-training]').click();
    const item = (title) => page.locator('[data-testid=my-training-item]', { hasText: title });
    await waitForText(item(full.title).locator('[data-testid=my-training-state]'), '已报名');
    await waitForText(item(open.title).locator('[data-testid=my-training-state]'), '已取消');
    assert.doesNotMatch(await visibleText(page), longHex);
  });
});

test('fair draw: apply, and after the admin draws see the result and verify the draw', async () => {
  // Long enough for the member's steps below on a loaded machine (two browser files run at
  // once); the test then waits for the close.
  const closesIn = 30000;
  const closesAt = Date.now() + closesIn;
  const course = await publishedCourse(admin, {
    title: `电商运营公平抽签班 ${Date.now()}`,
    mode: 'fair_draw',
    seats: 1,
    closesIn,
    sessionsIn: [2 * 24 * 60 * minute],
  });
  // The order of applications does not matter in a draw: another member applies first, so
  // that only the member's own steps have to fit before the close. The demo's finished courses
  // leave a few members barred from draws for a missed session, which ones depending on the
  // demo's own draws: the applicant is one who is not.
  await enrolByApi(await unbarredMember(), course.id);
  await withMemberPage(async (page) => {
    await openCourse(page, course);
    assert.match(await page.locator('[data-testid=enrolment-explain]').innerText(), /后公开抽签分配 1 个名额，与报名先后无关/);
    await waitForText(page.locator('[data-testid=enrol-button]'), '申请参加抽签');
    await page.locator('[data-testid=enrol-button]').click();
    await waitForText(page.locator('[data-testid=enrolment-outcome]'), '已提交申请，请等待抽签结果');
    await waitForText(page.locator('[data-testid=enrolment-state]'), '已申请');
    await waitForText(page.locator('[data-testid=cancel-button]'), '撤回申请');

    await sleep(Math.max(0, closesAt + 500 - Date.now()));
    const drawn = await admin.post(`/training/courses/${course.id}/draw`, { beacon_value: '3378.12' }, randomUUID());
    assert.equal(drawn.status, 200, JSON.stringify(drawn.body));
    const mine = (await member.get(`/training/courses/${course.id}`)).body.my_enrolment;

    await page.reload();
    const result = page.locator('[data-testid=draw-result]');
    await result.waitFor();
    if (mine.state === 'enrolled') {
      assert.equal(await result.getAttribute('data-result'), 'seat');
      assert.match(await result.innerText(), /恭喜，您抽中了名额！/);
    } else {
      assert.equal(mine.state, 'waiting');
      assert.equal(await result.getAttribute('data-result'), 'waiting');
      assert.match(await result.innerText(), /这次没有抽中名额，您在候补第 1 位。/);
    }
    // The proof stays folded: no hex until the member asks.
    assert.doesNotMatch(await visibleText(page), longHex);
    await page.locator('[data-testid=fairness] .van-collapse-item__title').click();
    await waitForText(page.locator('[data-testid=commitment]'), drawn.body.commitment);
    await waitForText(page.locator('[data-testid=member-ref]'), `我的抽签编号 ${mine.member_ref}`);
    const verify = page.locator('[data-testid=verify-draw]');
    assert.equal(await verify.getAttribute('href'), `/verify/?course=${course.id}`);
    assert.equal(await page.locator('[data-testid=audit-bundle]').getAttribute('href'), `/api/v1/training/courses/${course.id}/audit`);
  });

  // The public verify page recomputes the course's draw from its audit bundle.
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/verify/?course=${course.id}`);
    const verdict = page.locator('[data-testid=verdict]');
    await verdict.waitFor({ timeout: 15000 });
    assert.match(await verdict.textContent(), /已验证/);
    assert.equal(await page.locator('tbody tr').count(), 2, 'a seat and the waiting list');
  });
});

test('signing in by the session QR link, the certificate with its PDF, and its public check', async () => {
  const course = await publishedCourse(admin, {
    title: `安全用电培训 ${Date.now()}`,
    category: 'safety',
    closesIn: minute,
    sessionsIn: [2 * minute],
  });
  await enrolByApi(member, course.id);
  const { path } = await sessionCode(admin, course.sessions[0].id);
  assert.match(path, /^\/training\/sign-in\?session=\d+&code=/);
  let verifyPath;

  await withMemberPage(async (page) => {
    // A stale code asks for a fresh scan.
    await page.goto(`${env.url}/training/sign-in?session=${course.sessions[0].id}&code=0000000000000000`);
    await page.locator('[data-testid=sign-in-result][data-result=failed]').waitFor();
    assert.match(await page.locator('[data-testid=sign-in-problem]').innerText(), /二维码已过期或不正确/);
    assert.match(await visibleText(page), /请重新扫描老师手机上的最新二维码/);

    await page.goto(`${env.url}${path}`);
    await page.locator('[data-testid=sign-in-result][data-result=present]').waitFor();
    await waitForText(page.locator('[data-testid=sign-in-course]'), course.title);
    await waitForText(page.locator('[data-testid=sign-in-progress]'), '已签到 1/1 次');

    await page.locator('[data-testid=sign-in-certificate]').click();
    await page.locator('[data-testid=training-certificate]').waitFor();
    await waitForText(page.locator('[data-testid=certificate-holder]'), '陈晓梅');
    assert.match(await page.locator('[data-testid=certificate-text]').innerText(), new RegExp(`“${course.title}”培训，出勤 1 次`));
    const pdfHref = await page.locator('[data-testid=certificate-pdf]').getAttribute('href');
    assert.match(pdfHref, /^\/api\/v1\/training\/certificates\/\d+\/pdf$/);
    const pdf = await page.context().request.get(`${env.url}${pdfHref}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    verifyPath = await page.locator('[data-testid=certificate-verify-link]').getAttribute('href');
    assert.match(verifyPath, /^\/certificates\//);
    assert.doesNotMatch(await visibleText(page), longHex);

    // 我的培训 lists the certificate.
    await page.goto(`${env.url}/me/training`);
    await page.locator('[data-testid=my-certificate]', { hasText: course.title }).waitFor();
  });

  // Anyone may check it, without signing in; the holder's name is masked.
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}${verifyPath}`);
    await waitForText(page.locator('[data-testid=certificate-check-verdict]'), '证书有效');
    await waitForText(page.locator('[data-testid=certificate-check-holder]'), '陈*梅');
    await waitForText(page.locator('[data-testid=certificate-check-course]'), course.title);
    await page.goto(`${env.url}/certificates/no-such-code`);
    await page.locator('[data-testid=certificate-check-result][data-result=unknown]').waitFor();
  });
});

test('a certificate made through the API shows on 我的培训', async () => {
  const { course, certificate } = await completedCourse(admin, member, `农机安全驾驶 ${Date.now()}`);
  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/me/training`);
    const item = page.locator('[data-testid=my-training-item]', { hasText: course.title });
    await waitForText(item.locator('[data-testid=my-training-attendance]'), '已签到 1/1 次');
    await page.locator('[data-testid=my-certificate]', { hasText: course.title }).click();
    await page.waitForURL((url) => url.pathname === `/training/certificates/${certificate.id}`);
    await waitForText(page.locator('[data-testid=certificate-holder]'), certificate.holder_name);
  });
});
