// 帮促清单 in the browser. The district union's admin puts a need on 青山村's help list, changes
// it and chooses the household it serves, and takes it from 待认领 to 已完成 (claim, a progress
// update with the quantity delivered, complete); the admin who completed it cannot accept it,
// the city's admin does; the households tab shows ID numbers and phones masked; the public
// village page shows the list in counts, no household.
// A member on a phone goes from 我的 to the village, opens the model worker paired with it and
// comes back by the profile's link, signs up for its volunteer task and finds it under
// 我的志愿服务. The impact report's help-list figures drill to their records.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, demo, phone, signInByApi, testEnvironment, textBox, waitForText, withPage } from './browser.mjs';

const ids = {};
const env = testEnvironment({
  async setUp({ url }) {
    const admin = await apiAs(url, demo.districtAdmin);
    const pairings = (await admin.get('/pairings/manage')).body.items;
    ids.pairing = pairings.find((p) => p.village === '青山村').id;
    const households = (await admin.get(`/pairings/${ids.pairing}/households`)).body.items;
    ids.householdNames = households.map((h) => h.name);
    ids.servedHousehold = households.find((h) => h.need_ids.length > 0).name;
    assert.ok(ids.householdNames.length > 0);
  },
});

const needTitle = '浏览器测试·村道硬化';

function needRow(page) {
  return page.locator('[data-testid=need-table] .el-table__body tr.el-table__row').filter({ hasText: needTitle });
}

async function openPairing(page) {
  await page.goto(`${env.url}/admin/pairings`);
  await page.locator('[data-testid=pairing-table] [data-testid=pairing-open]').filter({ hasText: '青山村' }).click();
  await page.locator('[data-testid=pairing-card]').waitFor();
}

test('an admin takes a need from 待认领 to 已验收; households stay masked; the public page shows counts only', async () => {
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await openPairing(page);
    await page.locator('[data-testid=need-add]').click();
    await page.locator('[data-testid=need-category]').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '道路' }).click();
    await textBox(page, 'need-title-input').fill(needTitle);
    await textBox(page, 'need-target').fill('600');
    await textBox(page, 'need-unit').fill('米');
    await textBox(page, 'need-responsible').fill('江北区总工会');
    await page.locator('[data-testid=need-save]').click();
    await waitForText(needRow(page).locator('[data-testid=need-status]'), '待认领');

    // Changed while 待认领: a longer road, and the household it serves chosen by name.
    await needRow(page).locator('[data-testid=need-edit]').click();
    assert.equal(await textBox(page, 'need-title-input').inputValue(), needTitle);
    await textBox(page, 'need-target').fill('800');
    await page.locator('[data-testid=need-households]').click();
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: ids.householdNames[0] }).click();
    await page.locator('.el-dialog__title:visible').click();
    await page.locator('[data-testid=need-save]').click();
    await waitForText(needRow(page).locator('[data-testid=need-delivered]'), '0/800 米');
    assert.match(await needRow(page).innerText(), /1 户/);

    await needRow(page).locator('[data-testid=need-claim]').click();
    await waitForText(needRow(page).locator('[data-testid=need-status]'), '实施中');
    // Completing with nothing delivered is refused with the API's words.
    await needRow(page).locator('[data-testid=need-complete]').click();
    await page.locator('.el-message').filter({ hasText: '还没有完成任何数量' }).waitFor();

    await needRow(page).locator('[data-testid=need-progress]').click();
    await page.locator('textarea[data-testid=step-text], [data-testid=step-text] textarea').fill('完成800米村道硬化');
    await textBox(page, 'step-delivered').fill('800');
    await page.locator('[data-testid=step-save]').click();
    await waitForText(needRow(page).locator('[data-testid=need-delivered]'), '800/800 米');
    await needRow(page).locator('[data-testid=need-complete]').click();
    await waitForText(needRow(page).locator('[data-testid=need-status]'), '已完成');

    // The admin who completed it may not accept it.
    await needRow(page).locator('[data-testid=need-accept]').click();
    await page.locator('.el-message').filter({ hasText: '不能验收自己完成的需求' }).waitFor();

    // Households: names in full, ID numbers and phones masked.
    await page.locator('.el-tabs__item').filter({ hasText: '帮扶对象' }).click();
    const rows = page.locator('[data-testid=household-table] .el-table__body tr.el-table__row');
    await rows.first().waitFor();
    const text = await page.locator('[data-testid=household-table]').innerText();
    assert.match(text, new RegExp(ids.householdNames[0]));
    assert.doesNotMatch(text, /\d{15,}/, 'an ID number in full');
    assert.doesNotMatch(text, /1\d{10}/, 'a phone in full');
    // A household a need serves is not removed.
    await rows.filter({ hasText: ids.servedHousehold }).first().locator('[data-testid=household-remove]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('.el-message').filter({ hasText: '有需求关联该帮扶对象' }).waitFor();
  });

  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await openPairing(page);
    await needRow(page).locator('[data-testid=need-accept]').click();
    await waitForText(needRow(page).locator('[data-testid=need-status]'), '已验收');
  });

  // Anyone: the need and its progress, households as a count, no name.
  await withPage(env.browser, { device: phone }, async (page) => {
    await page.goto(`${env.url}/villages/${ids.pairing}`);
    const need = page.locator('[data-testid=village-need]').filter({ hasText: needTitle });
    await need.waitFor();
    assert.match(await need.innerText(), /已验收[\s\S]*800\/800 米/);
    await waitForText(page.locator('[data-testid=village-households]'), String(ids.householdNames.length));
    const body = await page.locator('[data-testid=village-page]').innerText();
    for (const name of ids.householdNames) assert.ok(!body.includes(name), `household ${name} shown`);
  });
});

test('a member on a phone goes from 我的 to a village and its model worker, signs up for its volunteer task and finds it under 我的志愿服务', async () => {
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    // 我的 leads to the villages.
    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=me-villages]').click();
    await page.locator('[data-testid=village-item]').filter({ hasText: '青山村' }).click();
    // The model worker whose profile links to the village, and the way back from the profile.
    await page.locator('[data-testid=village-worker]').first().click();
    await page.locator('[data-testid=model-worker-detail]').waitFor();
    const back = page.locator('[data-testid=link-item][data-kind=pairing]').filter({ hasText: '青山村' });
    await waitForText(back.locator('.van-cell__label'), '结对村社');
    await back.click();
    await waitForText(page.locator('[data-testid=village-name]'), '青山村');
    const task = page
      .locator('[data-testid=village-task]')
      .filter({ has: page.locator('[data-testid=task-sign-up]') })
      .first();
    const title = (await task.locator('[data-testid=village-task-title]').innerText()).trim();
    await task.locator('[data-testid=task-sign-up]').click();
    await page.locator('[data-testid=village-task]').filter({ hasText: title }).locator('[data-testid=task-signed-up]').waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page ${width}px wide`);

    await page.goto(`${env.url}/me`);
    await page.locator('[data-testid=me-volunteer]').click();
    await page.locator('[data-testid=my-volunteer-item]').filter({ hasText: title }).waitFor();
    assert.match(await page.locator('[data-testid=my-volunteer-total]').innerText(), /小时/);
  });
});

test('the impact report shows the help-list and station figures, each drilling to its records', async () => {
  await withPage(env.browser, {}, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/reports/impact`);
    const group = page.locator('[data-testid=figure-group-fieldWork]');
    const needs = group.locator('[data-testid=figure-helplist_needs]');
    await needs.waitFor();
    assert.ok(Number(await needs.getAttribute('data-value')) >= 1);
    await group.locator('[data-testid=figure-stations]').waitFor();
    await needs.click();
    await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '帮促清单新增需求明细');
    await page.locator('[data-testid=records-table][data-type=helplist_need]').waitFor();
    const row = page.locator('[data-testid=records-table] .el-table__body tr.el-table__row').filter({ hasText: needTitle });
    assert.match(await row.innerText(), /青山村[\s\S]*800\/800 米[\s\S]*已验收/);
    await page.locator('[data-testid=records-drawer] .el-drawer__close-btn').click();
    await page.locator('[data-testid=records-drawer]').waitFor({ state: 'hidden' });

    await group.locator('[data-testid=figure-station_visits]').click();
    await page.locator('[data-testid=records-table][data-type=station_check_in]').waitFor();
    await page.locator('[data-testid=records-drawer] .el-drawer__close-btn').click();
    await page.locator('[data-testid=records-drawer]').waitFor({ state: 'hidden' });

    const byCategory = page.locator('[data-testid=breakdown-helplist_needs_by_category]');
    await byCategory.locator('[data-testid=breakdown-entry-roads]').click();
    await waitForText(page.locator('[data-testid=records-drawer] .el-drawer__title'), '帮促需求类别明细：道路');
    await page.locator('[data-testid=records-table] .el-table__body tr.el-table__row').filter({ hasText: needTitle }).waitFor();
  });
});
