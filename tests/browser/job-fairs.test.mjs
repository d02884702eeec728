// 招聘会 and 创业指导 in the browser. A member on a phone (390×844) registers for the demo's 江北区
// fair, sees its employers' jobs with their pay and her ticket's QR code, and books one of a
// mentor's times; at the door an admin's phone checks the ticket in once and refuses it the
// second time in large words; the mentor, signed in on the member H5, writes the note after
// the consultation and the member reads it. The console lists the fair's check-ins and the mentors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, textBox, waitForImage, waitForPath, waitForText, withPage } from './browser.mjs';

const MENTOR = '13300000011'; // 周立新, the demo's mentor
let admin;
let member;
let fair;
let mentor;
const env = testEnvironment({
  async setUp({ url }) {
    admin = await apiAs(url, demo.platformAdmin);
    member = await apiAs(url, demo.member);
    fair = (await admin.get('/job-fairs')).body.items.find((item) => item.title.includes('江北区'));
    assert.ok(fair, 'the demo fair');
    mentor = (await admin.get('/mentors')).body.items.find((item) => item.name === '周立新');
    assert.ok(mentor, 'the demo mentor');
  },
});

async function confirmDialog(page) {
  const dialog = page.locator('.van-dialog');
  await dialog.waitFor();
  await dialog.locator('.van-dialog__confirm').click();
  await dialog.waitFor({ state: 'hidden' });
}

test('a member registers for a fair, shows the ticket and books a mentor; the door checks the ticket in once', async () => {
  let ticketCode;
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/`);
    await page.locator('[data-testid=home-shortcuts] .van-grid-item', { hasText: '招聘会' }).click();
    await page.locator('[data-testid=job-fair-card]', { hasText: fair.title }).click();
    await waitForText(page.locator('[data-testid=fair-title]'), fair.title);
    // Every job of every employer shows its pay.
    const pays = await page.locator('[data-testid=fair-job-pay]').allTextContents();
    assert.ok(pays.length > 0, 'the employers show their jobs');
    for (const pay of pays) assert.match(pay, /\d.*元\/(月|天|日)/);
    const left = await page.locator('[data-testid=fair-places]').textContent();
    await page.locator('[data-testid=register]').click();
    const popup = page.locator('[data-testid=ticket-popup]');
    await popup.locator('[data-testid=voucher-qr-image]').waitFor();
    ticketCode = (await popup.locator('[data-testid=voucher-qr-code]').textContent()).trim();
    assert.match(ticketCode, /^[0-9A-Z]{4,}$/);
    // The QR code is the server's SVG, fetched once the sheet opens: wait until it has loaded.
    await waitForImage(popup.locator('[data-testid=voucher-qr-image]'));
    await popup.locator('.member-popup-close').click();
    assert.notEqual(await page.locator('[data-testid=fair-places]').textContent(), left, 'one place fewer');
    await page.locator('[data-testid=give-up]').waitFor();
    // The ticket is a voucher: 我的券 lists it too.
    await page.goto(`${env.url}/me/vouchers`);
    await page.locator('[data-testid=voucher-code]', { hasText: ticketCode }).waitFor();

    // 创业指导: book the mentor's first free time, then find it under 我的预约.
    await page.goto(`${env.url}/mentors`);
    const card = page.locator('[data-testid=mentor-card]', { hasText: '周立新' });
    await card.locator('[data-testid=mentor-slot]:not([disabled])').first().click();
    await confirmDialog(page);
    const booking = page.locator('[data-testid=my-mentor-booking]', { hasText: '周立新' });
    await booking.waitFor();
    await booking.locator('[data-testid=cancel-mentor-booking]').waitFor();
    assert.deepEqual(page.errors, []);
  });

  // The door, on the admin's phone: the code typed, then typed again, then another fair's code.
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/job-fairs/${fair.id}/door`);
    await page.locator('[data-testid=door-count]').waitFor();
    await textBox(page, 'door-code').fill(ticketCode.toLowerCase());
    await page.locator('[data-testid=door-check]').click();
    await waitForText(page.locator('[data-testid=door-result-title]'), '已签到');
    await page.locator('[data-testid=door-count]', { hasText: '已签到 1' }).waitFor();
    await textBox(page, 'door-code').fill(ticketCode);
    await page.locator('[data-testid=door-check]').click();
    await waitForText(page.locator('[data-testid=door-result-title]'), '已签到过');
    await textBox(page, 'door-code').fill('ZZZZ9999');
    await page.locator('[data-testid=door-check]').click();
    await waitForText(page.locator('[data-testid=door-result-title]'), '不是本场门票');
    const size = await page
      .locator('[data-testid=door-result-title]')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    assert.ok(size >= 32, `the result in large type (${size}px)`);
  });
  const ticket = (await member.get(`/job-fairs/${fair.id}`)).body.my_registration;
  assert.equal(ticket.status, 'redeemed');

  // The console's list counts the registration and the check-in.
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/job-fairs`);
    const row = page.locator('[data-testid=fair-table] tr', { hasText: fair.title });
    await waitForText(row.locator('[data-testid=fair-checked-in]'), '1');
    await page.goto(`${env.url}/admin/mentors`);
    await page.locator('[data-testid=mentor-row-name]', { hasText: '周立新' }).waitFor();
  });
});

test('the mentor writes the note after a consultation and the member reads it', async () => {
  // A time starting in a few seconds, booked now and held (for the note) once it starts: long
  // enough for publishing and booking it before it starts on a loaded machine (two browser
  // files run at once).
  const start = Date.now() + 10000;
  const published = await admin.post(
    `/mentors/${mentor.id}/slots`,
    { place: '线上', slots: [{ starts_at: new Date(start).toISOString(), ends_at: new Date(start + 3600000).toISOString() }] },
    randomUUID(),
  );
  assert.equal(published.status, 201, JSON.stringify(published.body));
  const slot = published.body.slots.find((item) => item.place === '线上' && Math.abs(Date.parse(item.starts_at) - start) < 1000);
  const booked = await member.post(`/mentors/${mentor.id}/bookings`, { slot_id: slot.slot_id }, randomUUID());
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - Date.now() + 300)));

  const note = '讨论了开店选址和创业担保贷款，下月复谈。';
  await withPage(env.browser, { device: phone }, async (page) => {
    // The mentor is not a member: signing in on the member H5 takes them to their own page.
    await page.goto(`${env.url}/login`);
    await textBox(page, 'sign-in-phone').fill(MENTOR);
    await textBox(page, 'sign-in-password').fill(demo.password);
    await page.locator('[data-testid=sign-in-submit]').click();
    await waitForPath(page, '/me/mentoring');
    const row = page
      .locator('[data-testid=mentoring-booking]', { hasText: '线上' })
      .filter({ has: page.locator('[data-testid=write-note]') });
    await row.first().locator('[data-testid=write-note]').click();
    await page.locator('[data-testid=note-text] textarea').fill(note);
    await page.locator('[data-testid=save-note]').click();
    await page.locator('[data-testid=mentoring-note]', { hasText: note }).waitFor();
  });
  const mine = (await member.get('/me/mentor-bookings')).body.items.find((item) => item.entry_id === booked.body.entry_id);
  assert.equal(mine.note, note);
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await page.goto(`${env.url}/mentors`);
    await page.locator('[role=tab]', { hasText: '我的预约' }).click();
    await page.locator('[data-testid=mentor-note]', { hasText: note }).waitFor();
  });
});
