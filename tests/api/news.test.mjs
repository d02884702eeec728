// 工会资讯 and 劳模工匠 over HTTP: who may write, submit, approve and publish; scheduled
// publishing; what anonymous callers, members and admins read; read counts; pinyin search;
// Markdown that cannot carry script; the importer on the sample report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, request, demoTokens } from './harness.mjs';

const PLATFORM = '13800000000';
const DISTRICT = '13800000001'; // 江北区
const MEMBER = '13900000001'; // 陈晓梅, 江北区
const OTHER_MEMBER = '13900000002';
const STAFF = '13700000001';

let server;
let ids;
const token = demoTokens(() => server);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

before(async () => {
  server = await startServer({ demo: true, args: ['--news-sweep-ms', '200'] });
  const orgs = (await call(PLATFORM, 'GET', '/api/v1/orgs')).body.items;
  ids = {
    root: orgs.find((o) => o.parent_id === null).id,
    district: orgs.find((o) => o.name === '江北区总工会').id,
    other: orgs.find((o) => o.name === '城南区总工会').id,
  };
});
after(async () => { await server?.stop(); });

async function call(phone, method, path, json) {
  return request(server, method, path, { json, token: phone ? await token(phone) : undefined });
}
function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.body;
}
const article = (org, extra = {}) => ({ title: '江北区助农活动', summary: '摘要', body: '会员参加**采摘**。', category: 'farm_aid', org_id: org, pinned: false, links: [], ...extra });

// A published article of `org` written by `author` and approved by `reviewer`.
async function publish(author, reviewer, body) {
  const a = ok(await call(author, 'POST', '/api/v1/news', body), 201);
  ok(await call(author, 'POST', `/api/v1/news/${a.id}/submit`, {}));
  ok(await call(reviewer, 'POST', `/api/v1/news/${a.id}/approve`, {}));
  return ok(await call(reviewer, 'POST', `/api/v1/news/${a.id}/publish`, {}));
}

test('the review workflow over HTTP: who may write, submit, approve and publish', async () => {
  assert.equal((await call(MEMBER, 'POST', '/api/v1/news', article(ids.district))).status, 403);
  assert.equal((await call(null, 'POST', '/api/v1/news', article(ids.district))).status, 401);
  assert.equal((await call(DISTRICT, 'POST', '/api/v1/news', article(ids.other))).status, 403, 'another district');
  const draft = ok(await call(DISTRICT, 'POST', '/api/v1/news', article(ids.district)), 201);
  assert.equal(draft.status, 'draft');
  assert.equal(draft.author_name, '江北区工会管理员');
  assert.match(draft.body_html, /<strong>采摘<\/strong>/);

  const submitted = ok(await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/submit`, {}));
  assert.equal(submitted.status, 'submitted');
  assert.equal(submitted.can_approve, false);
  const own = await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/approve`, {});
  assert.equal(own.status, 403);
  assert.equal(own.body.error.code, 'own_submission');
  assert.equal((await call(STAFF, 'POST', `/api/v1/news/${draft.id}/approve`, {})).status, 403);
  assert.equal((await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/publish`, {})).body.error.code, 'wrong_status');

  const seen = ok(await call(PLATFORM, 'GET', `/api/v1/news/${draft.id}/manage`));
  assert.equal(seen.can_approve, true);
  const returned = ok(await call(PLATFORM, 'POST', `/api/v1/news/${draft.id}/return`, { reason: '请补充图片' }));
  assert.equal(returned.status, 'draft');
  assert.equal(returned.return_reason, '请补充图片');
  ok(await call(DISTRICT, 'PUT', `/api/v1/news/${draft.id}`, article(ids.district, { title: '江北区助农活动（补充）' })));
  ok(await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/submit`, {}));
  assert.equal(ok(await call(PLATFORM, 'POST', `/api/v1/news/${draft.id}/approve`, {})).status, 'approved');
  const live = ok(await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/publish`, {}));
  assert.equal(live.status, 'published');
  assert.equal(typeof live.published_at, 'number');
  assert.deepEqual(live.steps.map((s) => s.action), ['article.created', 'article.submitted', 'article.returned',
    'article.updated', 'article.submitted', 'article.approved', 'article.published']);
  assert.equal(live.steps[2].reason, '请补充图片');

  // An edit of the live article waits as a revision; readers keep the live version.
  const revised = ok(await call(DISTRICT, 'PUT', `/api/v1/news/${draft.id}`, article(ids.district, { title: '修改中的标题' })));
  assert.equal(revised.status, 'published');
  assert.equal(revised.title, '江北区助农活动（补充）');
  assert.equal(revised.revision_status, 'draft');
  assert.equal(revised.revision.title, '修改中的标题');
  assert.equal(ok(await call(MEMBER, 'GET', `/api/v1/news/${draft.id}`)).title, '江北区助农活动（补充）');
  const dropped = ok(await call(DISTRICT, 'DELETE', `/api/v1/news/${draft.id}/revision`));
  assert.equal(dropped.revision, null);

  const gone = ok(await call(DISTRICT, 'POST', `/api/v1/news/${draft.id}/withdraw`, { reason: '活动取消' }));
  assert.equal(gone.status, 'withdrawn');
  assert.equal((await call(MEMBER, 'GET', `/api/v1/news/${draft.id}`)).status, 404);
});

test('a scheduled article is published by the sweep, audited once as system', async () => {
  const a = ok(await call(DISTRICT, 'POST', '/api/v1/news', article(ids.district, { title: '定时发布的通知', category: 'notice' })), 201);
  ok(await call(DISTRICT, 'POST', `/api/v1/news/${a.id}/submit`, {}));
  ok(await call(PLATFORM, 'POST', `/api/v1/news/${a.id}/approve`, {}));
  const past = await call(DISTRICT, 'POST', `/api/v1/news/${a.id}/publish`, { publish_at: Date.now() - 1000 });
  assert.equal(past.status, 400);
  assert.equal(past.body.error.field, 'publish_at');
  const scheduled = ok(await call(DISTRICT, 'POST', `/api/v1/news/${a.id}/publish`, { publish_at: Date.now() + 600 }));
  assert.equal(scheduled.status, 'scheduled');
  let now;
  for (let i = 0; i < 50; i += 1) {
    now = ok(await call(DISTRICT, 'GET', `/api/v1/news/${a.id}/manage`));
    if (now.status === 'published') break;
    await sleep(100);
  }
  assert.equal(now.status, 'published');
  const published = now.steps.filter((s) => s.action === 'article.published');
  assert.equal(published.length, 1);
  assert.equal(published[0].actor_name, 'system');
});

test('anonymous callers see the federation\'s news only; members their own district\'s too', async () => {
  const own = await publish(DISTRICT, PLATFORM, article(ids.district, { title: '只给江北区看的资讯' }));
  const anonymous = ok(await call(null, 'GET', '/api/v1/news?page_size=100'));
  assert.ok(anonymous.items.length > 0);
  assert.ok(anonymous.items.every((a) => a.org_name === '示范市总工会'), 'anonymous sees the federation\'s only');
  assert.equal((await call(null, 'GET', `/api/v1/news/${own.id}`)).status, 404);
  const member = ok(await call(MEMBER, 'GET', '/api/v1/news?page_size=100'));
  assert.ok(member.items.some((a) => a.id === own.id));
  assert.ok(member.items.some((a) => a.org_name === '示范市总工会'));
  assert.ok(!member.items.some((a) => a.org_name === '城南区总工会'), 'not another district\'s');
  assert.equal(anonymous.pinned.length, 1);
  assert.equal(anonymous.pinned[0].category, 'notice');
  const notices = ok(await call(null, 'GET', '/api/v1/news?category=notice'));
  assert.ok(notices.items.every((a) => a.category === 'notice'));
  assert.equal((await call(null, 'GET', '/api/v1/news?category=gossip')).status, 400);
});

test('read counts count each signed-in reader once', async () => {
  const a = await publish(PLATFORM, '13800000009', article(ids.root, { title: '阅读计数测试' }));
  assert.equal(ok(await call(MEMBER, 'GET', `/api/v1/news/${a.id}`)).read_count, 1);
  assert.equal(ok(await call(MEMBER, 'GET', `/api/v1/news/${a.id}`)).read_count, 1);
  assert.equal(ok(await call(null, 'GET', `/api/v1/news/${a.id}`)).read_count, 1);
  assert.equal(ok(await call(OTHER_MEMBER, 'GET', `/api/v1/news/${a.id}`)).read_count, 2);
  const card = ok(await call(null, 'GET', '/api/v1/news?page_size=100')).items.find((c) => c.id === a.id);
  assert.equal(card.read_count, 2);
});

test('search finds articles and model workers by pinyin and initials', async () => {
  for (const q of ['zhunong', 'zn', '助農']) {
    const found = ok(await call(null, 'GET', `/api/v1/news?q=${encodeURIComponent(q)}`));
    assert.ok(found.items.length > 0, q);
    assert.ok(found.items.some((a) => a.title.includes('助农')), `${q}: ${found.items.map((a) => a.title)}`);
    assert.deepEqual(found.pinned, []);
  }
  const workers = ok(await call(null, 'GET', '/api/v1/model-workers?q=linzhenguo'));
  assert.deepEqual(workers.items.map((w) => w.name), ['林振国']);
});

test('Markdown with script, event handlers and javascript: links renders none of them', async () => {
  const body = [
    '# 标题', '', '<script>alert("x")</script>', '', '正文 <img src=x onerror=alert(1)> 文字', '',
    '[点我](javascript:alert(2)) <a href="javascript:alert(3)">链接</a>', '',
    '![图](javascript:alert(4))', '', '<div onclick="alert(5)">块</div>', '', '[好链接](/api/v1/photos/1)',
  ].join('\n');
  const a = await publish(PLATFORM, '13800000009', article(ids.root, { title: '安全测试', body }));
  for (const html of [a.body_html, ok(await call(null, 'GET', `/api/v1/news/${a.id}`)).body_html]) {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /onerror|onclick/i);
    assert.doesNotMatch(html, /javascript:/i);
    assert.match(html, /<h1>标题<\/h1>/);
    assert.match(html, /<a href="\/api\/v1\/photos\/1">好链接<\/a>/);
  }
});

test('bad input names the field; links must exist', async () => {
  const cases = [
    [{ title: '' }, 'title', 'required'], [{ title: 'x'.repeat(81) }, 'title', 'too_long'],
    [{ body: '' }, 'body', 'required'], [{ category: 'gossip' }, 'category', 'invalid_category'],
    [{ cover_photo_id: '4242' }, 'cover_photo_id', 'unknown_photo'],
    [{ links: [{ kind: 'village', id: '1' }] }, 'links', 'invalid_link_kind'],
  ];
  for (const [change, field, code] of cases) {
    const response = await call(DISTRICT, 'POST', '/api/v1/news', article(ids.district, change));
    assert.equal(response.status, 400, response.text);
    assert.equal(response.body.error.field, field);
    assert.equal(response.body.error.code, code);
  }
  const unknown = await call(DISTRICT, 'POST', '/api/v1/news', article(ids.district, { links: [{ kind: 'merchant', id: '4242' }] }));
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.field, 'links');
  const studio = await call(DISTRICT, 'POST', '/api/v1/model-workers', {
    name: '测试', honour: '市劳动模范', level: 'city', honour_year: 2020, org_id: ids.district, field: '测试', studio: { name: '' },
  });
  assert.equal(studio.status, 400);
  assert.equal(studio.body.error.field, 'studio.name');
  const reason = await call(PLATFORM, 'POST', `/api/v1/news/${(await call(null, 'GET', '/api/v1/news')).body.items[0].id}/withdraw`, {});
  assert.equal(reason.body.error.field, 'reason');
});

test('model workers: profiles, studios, stories and the links both ways', async () => {
  const list = ok(await call(null, 'GET', '/api/v1/model-workers'));
  assert.equal(list.total, 5);
  assert.ok(list.fields.includes('农机制造'));
  const national = list.items.find((w) => w.level === 'national');
  const profile = ok(await call(MEMBER, 'GET', `/api/v1/model-workers/${national.id}`));
  assert.equal(profile.has_studio, true);
  assert.match(profile.studio.achievements_html, /<li>/);
  assert.match(profile.story.body_html, /<strong>全部免费<\/strong>/);
  const farm = profile.links.find((l) => l.kind === 'merchant');
  assert.ok(farm, 'linked to a farm');
  const back = ok(await call(MEMBER, 'GET', `/api/v1/news/linked?kind=merchant&id=${farm.id}`));
  assert.ok(back.model_workers.some((w) => w.id === national.id));
  const level = ok(await call(null, 'GET', '/api/v1/model-workers?level=provincial'));
  assert.ok(level.items.every((w) => w.level === 'provincial') && level.items.length === 2);
  const story = ok(await call(null, 'GET', `/api/v1/news/${profile.story.id}`));
  assert.ok(story.model_workers.some((w) => w.id === national.id), 'the story shows its model worker');
});

test('the importer turns the sample report into clean simplified text', async () => {
  const text = readFileSync(new URL('../unit/text/data/union-farm-aid-report.txt', import.meta.url), 'utf8');
  const imported = ok(await call(DISTRICT, 'POST', '/api/v1/news/import', { text, simplify: true, strip_pinyin: true }));
  assert.equal(imported.had_traditional, true);
  assert.equal(imported.had_pinyin, true);
  assert.equal(imported.title, '');
  assert.ok(imported.body.startsWith('市总工会运用'));
  assert.ok(!/[會農園總]/.test(imported.body));
  assert.ok(!/\([a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜü]+\)/.test(imported.body));
  assert.ok(imported.summary.endsWith('…'));
  assert.equal((await call(MEMBER, 'POST', '/api/v1/news/import', { text })).status, 403);
  assert.equal((await call(DISTRICT, 'POST', '/api/v1/news/import', {})).body.error.field, 'text');
});
