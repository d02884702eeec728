// Scheduled news published exactly once by two instances on one PostgreSQL database: both
// sweep every 100 ms, and each scheduled article and profile gets one article.published (or
// model_worker.published) audit record by "system".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startInstances, request, runCli, engine } from '../api/harness.mjs';

const ARGS = ['--access-log=false', '--news-sweep-ms', '100'];
let cluster;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function sql(query) {
  return execFileSync('psql', [cluster.database.url, '-Atc', query], { encoding: 'utf8' }).trim();
}
async function login(server, phone) {
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone, password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  return response.body.token;
}
async function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.body;
}

before(async () => {
  assert.equal(engine, 'postgresql', 'the multi-instance suite runs on PostgreSQL (GONGHUI_TEST_ENGINE)');
  cluster = await startInstances(2, { demo: true, args: ARGS });
});
after(async () => { await cluster?.stop(); });

test('articles and profiles scheduled for the same moment are published once by two instances', async () => {
  const [a, b] = cluster.servers;
  const author = await login(a, '13800000009'); // the federation's news editor
  const reviewer = await login(b, '13800000000');
  const root = (await ok(await request(a, 'GET', '/api/v1/orgs', { token: reviewer }))).items.find((o) => o.parent_id === null).id;
  const at = Date.now() + 2500;
  const scheduled = [];
  for (let i = 0; i < 6; i += 1) {
    const kind = i % 2 ? 'model-workers' : 'news';
    const body = kind === 'news'
      ? { title: `定时发布 ${i}`, body: '多实例测试', category: 'notice', org_id: root }
      : { name: `定时劳模${i}`, honour: '市劳动模范', level: 'city', honour_year: 2020, org_id: root, field: '测试' };
    const item = await ok(await request(a, 'POST', `/api/v1/${kind}`, { token: author, json: body }), 201);
    await ok(await request(b, 'POST', `/api/v1/${kind}/${item.id}/submit`, { token: author, json: {} }));
    await ok(await request(a, 'POST', `/api/v1/${kind}/${item.id}/approve`, { token: reviewer, json: {} }));
    const made = await ok(await request(b, 'POST', `/api/v1/${kind}/${item.id}/publish`, { token: reviewer, json: { publish_at: at } }));
    assert.equal(made.status, 'scheduled');
    scheduled.push({ kind, id: item.id });
  }
  for (let i = 0; i < 100; i += 1) {
    const left = Number(sql("SELECT (SELECT COUNT(*) FROM news_articles WHERE status = 'scheduled') + (SELECT COUNT(*) FROM model_workers WHERE status = 'scheduled')"));
    if (left === 0) break;
    await sleep(100);
  }
  await sleep(500); // a few more sweeps on both instances, which must find nothing left
  for (const { kind, id } of scheduled) {
    const type = kind === 'news' ? 'article' : 'model_worker';
    assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${type}.published' AND target_id = '${id}'`), '1', `${type} ${id}`);
    assert.equal(sql(`SELECT actor_name FROM audit_log WHERE action = '${type}.published' AND target_id = '${id}'`), 'system');
    const reader = await ok(await request(a, 'GET', `/api/v1/${kind}/${id}`));
    assert.equal(reader.id, id, 'readers see it on either instance');
  }
  const verify = runCli(['audit', 'verify', '--db', cluster.database.url]);
  assert.equal(verify.status, 0, verify.stderr);
});

