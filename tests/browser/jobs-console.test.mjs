// 就业服务 in the consoles, at desktop size: an employer applies on the public form, the platform
// admin approves it and invites its staff, who accept the link and post a job; the admin returns
// it with a reason, the staff edit and resubmit it, the admin publishes it, and the staff move a
// member's application (made through the API) to 录用. Then 入会申请: an application approved in
// the admin console, and the figures of 就业数据.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, signInByApi, signInByForm, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

// A 1×1 PNG, the licence photo.
const png = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);

const tableRow = (page, table, text) => page.locator(`[data-testid=${table}] .el-table__body tr.el-table__row`).filter({ hasText: text });

// Fills an Element Plus number input and leaves it, so that its value is taken.
async function fillNumber(page, id, value) {
  const input = textBox(page, id);
  await input.fill(String(value));
  await input.blur();
}

// The job the first test posts and hires for; the second finds the hire in the impact report.
const jobTitle = '仓库理货员';

test('an employer applies, is approved, its staff post a job through review and hire an applicant', async () => {
  const staffPhone = '13512340001';
  const staffPassword = 'employer-new-pw';
  const employerName = '江北顺达仓储有限公司';

  // 1. The public application form: a wrong check character is named under its field.
  await withPage(env.browser, {}, async (page) => {
    await page.goto(`${env.url}/employer/apply`);
    await textBox(page, 'employer-apply-name').fill(employerName);
    await textBox(page, 'employer-apply-credit-code').fill('91320106MA1P5Q6R77');
    await textBox(page, 'employer-apply-address').fill('江北区仓储路8号');
    await fillNumber(page, 'location-lat', 30.29);
    await fillNumber(page, 'location-lng', 120.17);
    await page.locator('[data-testid=photo-input]').setInputFiles({ name: '营业执照.png', mimeType: 'image/png', buffer: png });
    await page.locator('[data-testid=photo-uploader] img').waitFor();
    await textBox(page, 'employer-apply-contact').fill('吴芳');
    await textBox(page, 'employer-apply-phone').fill(staffPhone);
    await page.locator('[data-testid=employer-apply-submit]').click();
    const codeItem = page.locator('.el-form-item').filter({ has: page.locator('input[data-testid=employer-apply-credit-code]') });
    await waitForText(codeItem.locator('.el-form-item__error'), '统一社会信用代码不正确，请核对营业执照上的 18 位代码。');
    await textBox(page, 'employer-apply-credit-code').fill('91320106MA1P5Q6R76');
    await page.locator('[data-testid=employer-apply-submit]').click();
    await page.locator('[data-testid=employer-apply-success]').waitFor();
  });

  // 2. The platform admin approves it and invites its staff: the link is shown.
  let link;
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/jobs/employers`);
    await page.locator('[data-testid=menu-group-jobs]').getByText('用工单位审核').waitFor();
    const pending = tableRow(page, 'employer-table', employerName);
    await pending.locator('[data-testid=employer-approve]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '通过' }).click();
    await pending.waitFor({ state: 'detached' });
    await page.locator('[data-testid=employer-status-approved]').click();
    await tableRow(page, 'employer-table', employerName).locator('[data-testid=employer-invite]').click();
    await textBox(page, 'staff-invite-phone').fill(staffPhone);
    await textBox(page, 'staff-invite-name').fill('吴芳');
    await page.locator('[data-testid=staff-invite-save]').click();
    const address = textBox(page, 'one-time-link-address');
    await address.waitFor();
    link = await address.inputValue();
    assert.match(link, /\/invite\//);
  });

  // 3. The staff member accepts the link and is sent to the employer console.
  await withPage(env.browser, {}, async (page) => {
    await page.goto(link);
    await waitForText(page.locator('[data-testid=invite-heading]'), `邀请您成为「${employerName}」的招聘工作人员`);
    await textBox(page, 'invite-password').fill(staffPassword);
    await textBox(page, 'invite-confirm').fill(staffPassword);
    await page.locator('[data-testid=invite-submit]').click();
    await page.locator('[data-testid=invite-sign-in]').click();
    await waitForPath(page, '/employer/login');
    await signInByForm(page, staffPhone, staffPassword);
    await waitForPath(page, '/employer/');
    await page.locator('[data-testid=employer-overview]').getByText(employerName, { exact: false }).waitFor();

    // 4. A job is written and submitted for review.
    await page.locator('[data-testid=console-menu]').getByText('岗位管理').click();
    await waitForPath(page, '/employer/jobs');
    await page.locator('[data-testid=job-create]').click();
    await textBox(page, 'job-title').fill('理货员');
    await fillNumber(page, 'job-pay-min', 4500);
    await fillNumber(page, 'job-pay-max', 6000);
    await fillNumber(page, 'job-headcount', 3);
    await textBox(page, 'job-address').fill('江北区仓储路8号');
    await fillNumber(page, 'location-lat', 30.29);
    await fillNumber(page, 'location-lng', 120.17);
    await page.locator('textarea[data-testid=job-requirements]').fill('能适应倒班');
    await textBox(page, 'job-contact-name').fill('吴芳');
    await textBox(page, 'job-contact-phone').fill('0571-87120001');
    await page.locator('[data-testid=job-save]').click();
    const row = tableRow(page, 'job-table', '理货员');
    await waitForText(row.locator('[data-testid=job-status]'), '草稿');
    assert.match(await row.textContent(), /4,500–6,000 元\/月/);
    await row.locator('[data-testid=job-submit]').click();
    await waitForText(row.locator('[data-testid=job-status]'), '待审核');
  });

  // 5. The admin returns it with a reason.
  const admin = await apiAs(env.url, demo.platformAdmin);
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/jobs/review`);
    await tableRow(page, 'job-review-table', '理货员').locator('[data-testid=job-review-open]').click();
    await page.locator('[data-testid=job-review-return]').click();
    await page.locator('textarea[data-testid=reason-input]').fill('请写明工作时间');
    await page.locator('[data-testid=reason-save]').click();
    await tableRow(page, 'job-review-table', '理货员').waitFor({ state: 'detached' });
  });

  // 6. The staff see the reason, edit the job and submit it again.
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, staffPhone, staffPassword);
    await page.goto(`${env.url}/employer/jobs`);
    const row = tableRow(page, 'job-table', '理货员');
    await waitForText(row.locator('[data-testid=job-status]'), '已退回');
    await waitForText(row.locator('[data-testid=job-row-reason]'), '退回原因：请写明工作时间');
    await row.locator('[data-testid=job-open]').click();
    const steps = page.locator('[data-testid=job-steps]');
    await steps.getByText('退回').waitFor();
    assert.match(await steps.textContent(), /请写明工作时间/);
    await page.locator('[data-testid=job-drawer] .el-drawer__close-btn').click();
    await row.locator('[data-testid=job-edit]').click();
    await textBox(page, 'job-title').fill(jobTitle);
    await page.locator('textarea[data-testid=job-requirements]').fill('两班倒，早 8 点至晚 8 点');
    await page.locator('[data-testid=job-save]').click();
    const edited = tableRow(page, 'job-table', jobTitle);
    await edited.locator('[data-testid=job-submit]').click();
    await waitForText(edited.locator('[data-testid=job-status]'), '待审核');
  });

  // 7. The admin approves it.
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/jobs/review`);
    await tableRow(page, 'job-review-table', jobTitle).locator('[data-testid=job-review-open]').click();
    await page.locator('[data-testid=job-review-approve]').click();
    await tableRow(page, 'job-review-table', jobTitle).waitFor({ state: 'detached' });
  });
  const published = (await admin.get('/job-postings?status=published&limit=100')).body.items.find((job) => job.title === jobTitle);
  assert.ok(published, 'the job is published');

  // 8. A member applies (through the API); the staff invite them to interview and hire them.
  const member = await apiAs(env.url, demo.member);
  const applied = await member.post(`/jobs/${published.id}/applications`, { note: '有叉车证' }, 'jobs-console-apply');
  assert.equal(applied.status, 201, JSON.stringify(applied.body));
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, staffPhone, staffPassword);
    await page.goto(`${env.url}/employer/`);
    await page.locator('[data-testid=console-menu]').getByText('投递管理').click();
    await waitForPath(page, '/employer/applications');
    const row = tableRow(page, 'job-application-table', jobTitle);
    await waitForText(row.locator('[data-testid=job-application-status]'), '已投递');
    await row.locator('[data-testid=job-application-open]').click();
    const drawer = page.locator('[data-testid=job-application-drawer]');
    await waitForText(drawer.locator('[data-testid=job-application-seeker]'), '陈晓梅');
    await drawer.locator('[data-testid=job-application-move-interview]').click();
    await waitForText(drawer.locator('[data-testid=job-application-status]'), '邀请面试');
    await drawer.locator('[data-testid=job-application-move-hired]').click();
    await waitForText(drawer.locator('[data-testid=job-application-status]'), '录用');
    await waitForText(row.locator('[data-testid=job-application-status]'), '录用');
  });
  const mine = (await member.get('/me/job-applications')).body.items.find((application) => application.job_id === published.id);
  assert.equal(mine.status, 'hired');
});

test('入会申请 approved in the admin console, ID numbers masked, and the figures of 就业数据', async () => {
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/joining-applications`);
    const row = tableRow(page, 'joining-table', '李建国');
    await waitForText(row.locator('[data-testid=joining-id-number]'), '320***********1239');
    await row.locator('[data-testid=joining-approve]').click();
    await page.locator('.el-message-box').getByRole('button', { name: '通过' }).click();
    await row.waitFor({ state: 'detached' });
    await page.locator('[data-testid=joining-status-approved]').click();
    const approved = tableRow(page, 'joining-table', '李建国');
    await waitForText(approved.locator('[data-testid=joining-status]'), '已通过');
    assert.doesNotMatch(await page.locator('[data-testid=joining-table]').textContent(), /320102199003071239/);

    await page.locator('[data-testid=menu-group-jobs]').getByText('就业数据').click();
    await waitForPath(page, '/admin/jobs/figures');
    await waitForText(page.locator('[data-testid=joining-figure-approvals]'), '2');
    await waitForText(page.locator('[data-testid=joining-figure-waiting]'), '0');
    await page.locator('[data-testid=job-figures-table] .el-table__body tr.el-table__row').first().waitFor();
    assert.match(await page.locator('[data-testid=job-figures-table] .el-table__footer').textContent(), /合计/);

    // The impact report counts the hire of the first test and the members joined online, each
    // drilling to its records.
    await page.goto(`${env.url}/admin/reports/impact`);
    const group = page.locator('[data-testid=figure-group-jobs]');
    const hires = group.locator('[data-testid=figure-job_hires]');
    await hires.waitFor();
    assert.ok(Number(await hires.getAttribute('data-value')) >= 1);
    await hires.click();
    await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '就业服务·录用明细');
    await page
      .locator('[data-testid=records-table][data-type=job_hire] .el-table__body tr.el-table__row')
      .filter({ hasText: jobTitle })
      .waitFor();
    await page.locator('[data-testid=records-drawer] .el-drawer__close-btn').click();
    await page.locator('[data-testid=records-drawer]').waitFor({ state: 'hidden' });
    const joined = group.locator('[data-testid=figure-new_members]');
    assert.ok(Number(await joined.getAttribute('data-value')) >= 2);
    await joined.click();
    const joinedRows = page.locator('[data-testid=records-table][data-type=joining_approval] .el-table__body tr.el-table__row');
    await joinedRows.first().waitFor();
    assert.ok((await joinedRows.count()) >= 2);
  });
});
