// Sign-in and the admin console's member pages, as a person uses them: a district admin signs
// in, finds a member, edits them and sees the change in the audit log; wrong passwords,
// throttling and accounts without the console's role get clear messages.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demo, pageGet, signInByApi, signInByForm, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();

async function signedInAs(page) {
  const response = await page.context().request.get(`${env.url}/api/v1/me`);
  return response.ok() ? (await response.json()).account : null;
}

describe('admin console', () => {
  test('a district admin signs in, finds a member, renames them and sees it in the audit log', async () => {
    await withPage(env.browser, {}, async (page) => {
      // Asking for the member list without a session leads to sign-in, then back.
      await page.goto(`${env.url}/admin/members`);
      await waitForPath(page, '/admin/login');
      await signInByForm(page, demo.districtAdmin);
      await waitForPath(page, '/admin/members');
      await waitForText(page.locator('[data-testid=signed-in-name]'), '江北区工会管理员');

      // Search by union card number: exactly one row.
      await textBox(page, 'member-search').fill('GH20210002');
      await textBox(page, 'member-search').press('Enter');
      const rows = page.locator('[data-testid=member-table] .el-table__body tr');
      await page.waitForFunction(
        () => {
          const found = document.querySelectorAll('[data-testid=member-table] .el-table__body tr');
          return found.length === 1 && found[0].textContent.includes('GH20210002');
        },
        null,
        { timeout: 10000 },
      );
      const oldName = (await rows.first().locator('[data-testid=member-open]').textContent()).trim();
      assert.ok(oldName.length > 0);

      // Open them and rename.
      await rows.first().locator('[data-testid=member-open]').click();
      await waitForText(page.locator('[data-testid=member-detail-name]'), oldName);
      const newName = `${oldName}${Date.now() % 100000}`;
      await textBox(page, 'edit-name').fill(newName);
      await page.locator('[data-testid=edit-save]').click();
      await waitForText(page.locator('[data-testid=member-detail-name]'), newName);
      await waitForText(page.locator('.el-message--success'), '已保存');

      // The audit log, from the menu: the newest entry is this edit, said as a sentence with
      // names, and with both names in what changed.
      await page.locator('.console-layout__menu .el-menu-item', { hasText: '审计日志' }).click();
      await waitForPath(page, '/admin/audit');
      const first = page.locator('[data-testid=audit-table] .el-table__body tr.el-table__row').first();
      await waitForText(first.locator('[data-testid=audit-sentence]'), `江北区工会管理员 修改了会员 ${newName} 的信息`);
      assert.doesNotMatch(await first.textContent(), /member\.update/);
      const changes = first.locator('[data-testid=audit-changes]');
      await waitForText(changes.locator('.audit-log__change-from'), oldName);
      await waitForText(changes.locator('.audit-log__change-to'), newName);
      // Expanded, the entry shows the before and after values side by side.
      await first.locator('.el-table__expand-icon').click();
      const before = page.locator('[data-testid=audit-before]').first();
      const afterSide = page.locator('[data-testid=audit-after]').first();
      await before.waitFor();
      assert.match(await before.textContent(), new RegExp(`"name"\\s*:\\s*"${oldName}"`));
      assert.match(await afterSide.textContent(), new RegExp(`"name"\\s*:\\s*"${newName}"`));

      // The list finds them under the new name too.
      await page.locator('.console-layout__menu .el-menu-item', { hasText: '会员管理' }).click();
      await textBox(page, 'member-search').fill(newName);
      await textBox(page, 'member-search').press('Enter');
      await page.waitForFunction(
        (name) => {
          const found = document.querySelectorAll('[data-testid=member-table] .el-table__body tr');
          return found.length === 1 && found[0].textContent.includes(name);
        },
        newName,
        { timeout: 10000 },
      );
    });
  });

  test('signing out ends the session and returns to sign-in', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/`);
      await page.locator('[data-testid=sign-out]').click();
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await waitForPath(page, '/admin/login');
      assert.equal(await signedInAs(page), null);
    });
  });

  test('a wrong password says so and signs nobody in', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/admin/`);
      await waitForPath(page, '/admin/login');
      await signInByForm(page, demo.districtAdmin, 'not-the-password');
      await waitForText(page.locator('[data-testid=sign-in-error] .el-alert__title'), '手机号或密码不正确。');
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      assert.equal(await signedInAs(page), null);
    });
  });

  test('too many failed sign-ins say how long to wait', async () => {
    await withPage(env.browser, {}, async (page) => {
      const phone = '13900000099';
      for (let attempt = 0; attempt < 5; attempt += 1) {
        await page.context().request.post(`${env.url}/api/v1/auth/login`, { data: { phone, password: 'wrong-password' } });
      }
      await page.goto(`${env.url}/admin/login`);
      await signInByForm(page, phone, 'wrong-password');
      const error = page.locator('[data-testid=sign-in-error] .el-alert__title');
      await error.waitFor();
      assert.match(await error.textContent(), /^登录失败次数过多，已暂时锁定。请在 \d+ (秒|分钟)后重试。$/);
    });
  });

  test('a member account is told it has no admin role and is signed out', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/admin/`);
      await waitForPath(page, '/admin/login');
      await signInByForm(page, demo.member);
      const denied = page.locator('[data-testid=sign-in-denied]');
      await denied.waitFor();
      assert.match(await denied.textContent(), /账号「陈晓梅」没有管理员权限/);
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      assert.equal(await signedInAs(page), null);
    });
  });

  test('a member signed in on the H5 who opens the admin console is told so and may sign out', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.member);
      await page.goto(`${env.url}/admin/members`);
      await waitForPath(page, '/admin/login');
      const denied = page.locator('[data-testid=sign-in-denied]');
      await denied.waitFor();
      assert.match(await denied.textContent(), /没有管理员权限/);
      await page.locator('[data-testid=sign-out-current]').click();
      await page.locator('[data-testid=sign-out-current]').waitFor({ state: 'detached' });
      assert.equal(await signedInAs(page), null);
    });
  });
});

describe('admin console pages', () => {
  test('the union tree adds, renames, moves and closes a union', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.platformAdmin);
      await page.goto(`${env.url}/admin/orgs`);
      const tree = page.locator('[data-testid=org-tree]');
      await tree.locator('.org-page__node', { hasText: '江北区总工会' }).click();
      const suffix = Date.now() % 100000;

      // Add a base union under the district.
      await page.locator('[data-testid=org-add-child]').click();
      await textBox(page, 'org-name').fill(`测试工会${suffix}`);
      await page.locator('[data-testid=dialog-save]').click();
      await waitForText(page.locator('.el-message--success'), `已新增「测试工会${suffix}」`);
      await waitForText(page.locator('[data-testid=org-detail] h2'), `测试工会${suffix}`);

      // Rename it.
      await page.locator('[data-testid=org-edit]').click();
      await textBox(page, 'org-name').fill(`测试工会${suffix}改`);
      await page.locator('[data-testid=dialog-save]').click();
      await waitForText(page.locator('[data-testid=org-detail] h2'), `测试工会${suffix}改`);
      await tree.locator('.org-page__node', { hasText: `测试工会${suffix}改` }).waitFor();

      // Move it under another district.
      await page.locator('[data-testid=org-move]').click();
      const dialog = page.locator('.el-dialog', { hasText: '移动工会' });
      await dialog.locator('.el-select__wrapper').click();
      await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '城南区总工会' }).click();
      await dialog.locator('.el-button--primary').click();
      await waitForText(page.locator('.el-message--success').last(), '已移动到「城南区总工会」');
      const orgs = (await pageGet(page, env.url, '/orgs')).items;
      const moved = orgs.find((org) => org.name === `测试工会${suffix}改`);
      assert.equal(orgs.find((org) => org.id === moved.parent_id).name, '城南区总工会');

      // Close it, after confirming.
      await page.locator('[data-testid=org-close]').click();
      await page.locator('.el-message-box__btns .el-button--danger').click();
      await waitForText(page.locator('[data-testid=org-detail] .el-tag').nth(1), '已撤销');

      // A union with members cannot be closed: the reason is shown.
      await tree.locator('.org-page__node', { hasText: '江北公交公司工会' }).click();
      await page.locator('[data-testid=org-close]').click();
      await page.locator('.el-message-box__btns .el-button--danger').click();
      await waitForText(page.locator('.el-message--error').last(), '请先移走该工会的会员。');
    });
  });

  test('the member list pages forward and back and adds a member', async () => {
    await withPage(env.browser, {}, async (page) => {
      await signInByApi(page, env.url, demo.districtAdmin);
      await page.goto(`${env.url}/admin/members`);
      const firstName = page.locator('[data-testid=member-table] .el-table__body tr').first().locator('[data-testid=member-open]');
      await waitForText(page.locator('[data-testid=page-number]'), '第 1 页');
      await firstName.waitFor();
      const pageOneFirst = (await firstName.textContent()).trim();
      await page.locator('[data-testid=page-next]').click();
      await waitForText(page.locator('[data-testid=page-number]'), '第 2 页');
      await page.locator('[data-testid=page-next]').click();
      await waitForText(page.locator('[data-testid=page-number]'), '第 3 页');
      await page.locator('[data-testid=page-previous]').click();
      await page.locator('[data-testid=page-previous]').click();
      await waitForText(page.locator('[data-testid=page-number]'), '第 1 页');
      await waitForText(firstName, pageOneFirst);

      // Add a member; a taken card number is refused with the reason.
      await page.locator('[data-testid=member-add]').click();
      await textBox(page, 'member-name').fill('测试会员');
      await textBox(page, 'member-phone').fill('13955577701');
      await textBox(page, 'member-card-no').fill('GH20210001');
      const dialog = page.locator('.el-dialog', { hasText: '新增会员' });
      await dialog.locator('.el-select__wrapper').click();
      await page.locator('.el-tree-select__popper:visible .el-tree-node__content', { hasText: '江北公交公司工会' }).click();
      await page.locator('[data-testid=dialog-save]').click();
      await waitForText(page.locator('[data-testid=dialog-error] .el-alert__title'), '该工会卡号已被其他会员使用。');
      await textBox(page, 'member-card-no').fill('GHNEW0001');
      await page.locator('[data-testid=dialog-save]').click();
      await waitForText(page.locator('.el-message--success'), '已新增会员「测试会员」');

      // Export downloads the filtered list as CSV.
      await textBox(page, 'member-search').fill('GHNEW');
      await textBox(page, 'member-search').press('Enter');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=member-export]').click()]);
      const path = await download.path();
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(path, 'utf8');
      assert.match(text, /测试会员,13955577701,GHNEW0001/);
      assert.equal(text.trim().split(/\r?\n/).length, 2);
    });
  });
});

describe('merchant console', () => {
  test('an admin without a merchant role is told so', async () => {
    await withPage(env.browser, {}, async (page) => {
      await page.goto(`${env.url}/merchant/`);
      await waitForPath(page, '/merchant/login');
      await signInByForm(page, demo.districtAdmin);
      const denied = page.locator('[data-testid=sign-in-denied]');
      await denied.waitFor();
      assert.match(await denied.textContent(), /不是商家店员/);
      assert.equal(await signedInAs(page), null);
    });
  });
});
