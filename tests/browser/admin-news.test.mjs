// 资讯管理 and 劳模工匠 in the admin console: a district admin writes an article and submits it,
// and may not approve their own submission (no button, and the API refuses); the platform admin
// approves and publishes it, each step in the timeline and in the audit log; the sample news
// report (traditional characters with pinyin after each) imported through 导入文本 fills the
// editor with clean simplified text; a model-worker profile with its studio is saved through its
// editor; an edit of a published article waits for review while members read the live version.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { apiAs, demo, laptop, signInByApi, testEnvironment, textBox, waitForPath, waitForText, withPage } from './browser.mjs';

const env = testEnvironment();
const samplePath = fileURLToPath(new URL('../unit/text/data/union-farm-aid-report.txt', import.meta.url));

// Picks the option named `label` of the Element Plus select marked `data-testid=<id>`.
async function choose(page, id, label) {
  await page.locator(`[data-testid=${id}]`).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

// The text area marked `data-testid=<id>` (Element Plus puts the attribute on the <textarea>).
function textArea(page, id) {
  return page.locator(`textarea[data-testid=${id}], [data-testid=${id}] textarea`).first();
}

// The id in an address like /admin/news/123.
function idInPath(page) {
  return new URL(page.url()).pathname.split('/').pop();
}

test('an author writes and submits an article, may not approve it; the platform admin approves and publishes it', async () => {
  const title = `江北区职工助农消费帮扶专场 ${Date.now()}`;
  let id;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/news`);
    await page.locator('[data-testid=news-write]').click();
    await waitForPath(page, '/admin/news/new');
    await textBox(page, 'news-title').fill(title);
    await choose(page, 'news-category', '助农活动');
    await textArea(page, 'news-summary').fill('区总工会组织职工到对口帮扶村采购农产品。');
    await textArea(page, 'news-body').fill('## 活动概况\n\n本周六，区总工会组织**两百余名职工**走进帮扶村。\n\n- 采购蔬菜\n- 采购水果');
    // The publishing union is the author's own by default.
    assert.match(await page.locator('[data-testid=news-org]').first().textContent(), /江北区总工会/);
    await page.locator('[data-testid=news-save]').click();
    await page.waitForURL(/\/admin\/news\/\d+$/);
    id = idInPath(page);
    await waitForText(page.locator('[data-testid=review-status]'), '草稿');
    await page.locator('[data-testid=article-body] h2').waitFor();
    assert.equal(await page.locator('[data-testid=article-body] strong').textContent(), '两百余名职工');

    await page.locator('[data-testid=review-submit]').click();
    await waitForText(page.locator('[data-testid=review-status]'), '待审核');
    // The author sees no way to approve their own submission, and why.
    await page.locator('[data-testid=review-own-hint]').waitFor();
    assert.equal(await page.locator('[data-testid=review-approve]').count(), 0);
    assert.equal(await page.locator('[data-testid=review-return]').count(), 0);
    assert.deepEqual(page.errors, []);
  });

  // Nor does the API let the author approve it.
  const author = await apiAs(env.url, demo.districtAdmin);
  const refused = await author.post(`/news/${id}/approve`);
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, 'own_submission');

  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/news`);
    const row = page.locator('[data-testid=news-table] tr.el-table__row', { hasText: title });
    await row.waitFor();
    await waitForText(row.locator('[data-testid=review-status]'), '待审核');
    await row.click();
    await waitForPath(page, `/admin/news/${id}`);
    await page.locator('[data-testid=review-approve]').click();
    await waitForText(page.locator('[data-testid=review-status]'), '已审核');
    await page.locator('[data-testid=review-publish]').click();
    await waitForText(page.locator('[data-testid=review-status]'), '已发布');
    await page.locator('[data-testid=review-withdraw]').waitFor();
    const steps = await page.locator('[data-testid=review-step]').allTextContents();
    const said = steps.join('\n');
    for (const words of ['提交审核', '审核通过', '发布']) assert.match(said, new RegExp(words), `timeline: ${said}`);
    assert.doesNotMatch(said, /article\.|\d{6,}/, 'the timeline speaks in words, not codes or ids');

    // The audit log tells the same steps in sentences.
    await page.goto(`${env.url}/admin/audit?target_type=article&target_id=${id}`);
    const sentences = page.locator('[data-testid=audit-sentence]');
    await sentences.filter({ hasText: '发布了' }).first().waitFor();
    const log = (await sentences.allTextContents()).join('\n');
    assert.match(log, new RegExp(`新建资讯『${title}』`), log);
    assert.match(log, /将一篇资讯提交审核/, log);
    assert.doesNotMatch(log, /article|draft|published/, log);
  });

  const published = await author.get(`/news/${id}/manage`);
  assert.equal(published.body.status, 'published');
});

test('the sample report imported through 导入文本 fills the editor with simplified text without pinyin', async () => {
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/news/new`);
    await page.locator('[data-testid=import-open]').click();
    await page.locator('[data-testid=import-file]').setInputFiles(samplePath);
    await page.locator('[data-testid=import-result]').waitFor();
    await page.locator('[data-testid=import-result-body]').getByText('市总工会运用').first().waitFor();
    // The text held both: each conversion is offered switched on.
    assert.match(await page.locator('[data-testid=import-simplify]').getAttribute('class'), /is-checked/);
    assert.match(await page.locator('[data-testid=import-strip-pinyin]').getAttribute('class'), /is-checked/);
    await page.locator('[data-testid=import-use]').click();
    await page.locator('[data-testid=import-result]').waitFor({ state: 'hidden' });

    const body = await textArea(page, 'news-body').inputValue();
    const summary = await textArea(page, 'news-summary').inputValue();
    assert.match(body, /市总工会运用/);
    assert.match(body, /\n\n/, 'paragraphs are kept apart');
    for (const text of [body, summary]) {
      assert.doesNotMatch(text, /會\(huì\)|\(huì\)|會|運/, 'no traditional characters and no pinyin');
    }
    assert.ok(summary.length > 0 && summary.length <= 200, `summary: ${summary}`);
    assert.deepEqual(page.errors, []);
  });
});

test('a model-worker profile with its studio is saved through the editor and awaits review', async () => {
  const name = `测试劳模${Date.now() % 100000}`;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/model-workers`);
    await page.locator('[data-testid=model-worker-add]').click();
    await waitForPath(page, '/admin/model-workers/new');
    await textBox(page, 'model-worker-name').fill(name);
    await textBox(page, 'model-worker-honour').fill('省劳动模范');
    await choose(page, 'model-worker-level', '省劳动模范');
    await page.locator('[data-testid=model-worker-year] input').fill('2020');
    await page.locator('[data-testid=model-worker-year] input').press('Tab');
    await textBox(page, 'model-worker-field').fill('果蔬种植');
    await textArea(page, 'model-worker-intro').fill('返乡创办果蔬合作社，带动乡亲增收。');
    await page.locator('[data-testid=model-worker-studio] .el-collapse-item__header').click();
    await page.locator('[data-testid=model-worker-has-studio]').click();
    await textBox(page, 'studio-name').fill('果蔬种植劳模创新工作室');
    await page.locator('[data-testid=studio-members] input').fill('12');
    await page.locator('[data-testid=studio-members] input').press('Tab');
    await textArea(page, 'studio-achievements').fill('- 推广新品种 **8** 个');
    await page.locator('[data-testid=model-worker-save]').click();
    await page.waitForURL(/\/admin\/model-workers\/\d+$/);
    await waitForText(page.locator('[data-testid=review-title]'), name);
    await waitForText(page.locator('[data-testid=review-status]'), '草稿');
    await page.locator('[data-testid=review-studio]').getByText('果蔬种植劳模创新工作室').waitFor();
    await page.locator('[data-testid=review-submit]').click();
    await waitForText(page.locator('[data-testid=review-status]'), '待审核');
    const id = idInPath(page);

    const admin = await apiAs(env.url, demo.platformAdmin);
    const stored = (await admin.get(`/model-workers/${id}/manage`)).body;
    assert.equal(stored.name, name);
    assert.equal(stored.level, 'provincial');
    assert.equal(stored.honour_year, 2020);
    assert.equal(stored.field, '果蔬种植');
    assert.equal(stored.studio.name, '果蔬种植劳模创新工作室');
    assert.equal(stored.studio.members, 12);
    assert.match(stored.studio.achievements_html, /<strong>8<\/strong>/);
    assert.deepEqual(page.errors, []);
  });
});

test('an edit of a published article waits for review while the live version stays; it can be approved or discarded', async () => {
  const author = await apiAs(env.url, demo.districtAdmin);
  const reviewer = await apiAs(env.url, demo.platformAdmin);
  const district = (await author.get('/orgs')).body.items.find((org) => org.name === '江北区总工会');
  const title = `江北区职工书屋开放通知 ${Date.now()}`;
  const created = await author.post('/news', {
    title,
    summary: '',
    body: '职工书屋每周六开放。',
    category: 'notice',
    org_id: district.id,
    cover_photo_id: null,
    pinned: false,
    links: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { id } = created.body;
  assert.equal((await author.post(`/news/${id}/submit`)).status, 200);
  assert.equal((await reviewer.post(`/news/${id}/approve`)).status, 200);
  assert.equal((await reviewer.post(`/news/${id}/publish`, {})).status, 200);

  const edited = `${title}（时间调整）`;
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/news/${id}`);
    await page.locator('[data-testid=review-edit]').click();
    await waitForPath(page, `/admin/news/${id}/edit`);
    await textBox(page, 'news-title').fill(edited);
    await page.locator('[data-testid=news-save]').click();
    await waitForPath(page, `/admin/news/${id}`);
    await waitForText(page.locator('[data-testid=review-status]'), '已发布');
    await waitForText(page.locator('[data-testid=revision-status]'), '修改草稿');
    await page.locator('[data-testid=review-revision-note]').waitFor();
    // Members still read the live title.
    assert.equal((await author.get(`/news/${id}`)).body.title, title);
    await page.locator('[data-testid=review-submit]').click();
    await waitForText(page.locator('[data-testid=revision-status]'), '修改待审核');
    assert.equal(await page.locator('[data-testid=review-approve]').count(), 0, 'the editor does not approve their own edit');
    assert.deepEqual(page.errors, []);
  });

  // Another admin of the union approves the edit: it replaces the live version.
  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.districtAdmin);
    await page.goto(`${env.url}/admin/news/${id}`);
    await page.locator('[data-testid=review-approve]').click();
    await waitForText(page.locator('[data-testid=review-title]'), edited);
    assert.equal(await page.locator('[data-testid=revision-status]').count(), 0);
    assert.equal((await author.get(`/news/${id}`)).body.title, edited);

    // A second edit, discarded: nothing changes for members.
    await page.locator('[data-testid=review-edit]').click();
    await waitForPath(page, `/admin/news/${id}/edit`);
    await textBox(page, 'news-title').fill(`${edited}（作废）`);
    await page.locator('[data-testid=news-save]').click();
    await waitForPath(page, `/admin/news/${id}`);
    await waitForText(page.locator('[data-testid=revision-status]'), '修改草稿');
    await page.locator('[data-testid=review-discard]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await page.locator('[data-testid=revision-status]').waitFor({ state: 'detached' });
    await waitForText(page.locator('[data-testid=review-title]'), edited);
    assert.equal((await author.get(`/news/${id}`)).body.title, edited);
    assert.deepEqual(page.errors, []);
  });
});

const levelNames = {
  national: '全国劳动模范',
  provincial: '省劳动模范',
  city: '市劳动模范',
  poverty_model: '全国脱贫攻坚模范',
  craftsman: '工匠',
  other: '其他',
};

test('the two lists filter by words, review status and column or level, and reset shows them all', async () => {
  const admin = await apiAs(env.url, demo.platformAdmin);
  // A draft beside the demo's published articles, so that the status filter has to leave one out.
  const root = (await admin.get('/orgs')).body.items.find((org) => !org.parent_id);
  const draft = await admin.post('/news', {
    title: `草稿：秋收助农预告 ${Date.now()}`,
    summary: '摘要',
    body: '秋收时节的助农活动安排。',
    category: 'farm_aid',
    org_id: root.id,
    pinned: false,
    links: [],
  });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  const published = (await admin.get('/news/manage?status=published&page_size=100')).body;
  const all = (await admin.get('/news/manage?page_size=100')).body;
  assert.ok(published.total > 0 && published.total < all.total, `${published.total} published of ${all.total}`);
  const workers = (await admin.get('/model-workers/manage?page_size=100')).body;
  const worker = workers.items[0];
  const sameLevel = (await admin.get(`/model-workers/manage?level=${worker.level}&page_size=100`)).body;

  await withPage(env.browser, { device: laptop }, async (page) => {
    await signInByApi(page, env.url, demo.platformAdmin);
    await page.goto(`${env.url}/admin/news`);
    const total = page.locator('.news-list__total');
    await waitForText(total, `共 ${all.total} 条`);
    await choose(page, 'news-status-filter', '已发布');
    await waitForText(total, `共 ${published.total} 条`);
    const article = published.items.find((item) => !item.pinned);
    await textBox(page, 'news-search').fill(article.title);
    await textBox(page, 'news-search').press('Enter');
    const rows = page.locator('[data-testid=news-table] tr.el-table__row');
    await waitForText(rows.first().locator('[data-testid=news-row-title]'), article.title);
    assert.ok((await rows.count()) <= published.total);
    await page.getByRole('button', { name: '重置' }).click();
    await waitForText(total, `共 ${all.total} 条`);
    assert.equal(await textBox(page, 'news-search').inputValue(), '');

    await page.goto(`${env.url}/admin/model-workers`);
    const workerTotal = page.locator('.worker-list__total');
    await waitForText(workerTotal, `共 ${workers.total} 条`);
    await choose(page, 'model-worker-level-filter', levelNames[worker.level]);
    await waitForText(workerTotal, `共 ${sameLevel.total} 条`);
    await textBox(page, 'model-worker-search').fill(worker.name);
    await textBox(page, 'model-worker-search').press('Enter');
    await waitForText(page.locator('[data-testid=model-worker-table] tr.el-table__row td').first(), worker.name);
    await page.getByRole('button', { name: '重置' }).click();
    await waitForText(workerTotal, `共 ${workers.total} 条`);
  });
});
