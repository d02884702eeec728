// Search as people type it: pinyin initials match whole syllables of names in order, ranked
// by how much of the name they cover, not any description that happens to hold them; the
// admin's member search understands a name's pinyin in full and by initials.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, demoTokens } from './harness.mjs';

let server;
const tokenFor = demoTokens(() => server);

before(async () => { server = await startServer({ demo: true }); });
after(async () => { await server.stop(); });

const search = async (q, token) => {
  const response = await request(server, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=50`, { token });
  assert.equal(response.status, 200, response.text);
  return response.body.items;
};
const merchants = async (q, token) => {
  const response = await request(server, 'GET', `/api/v1/merchants?q=${encodeURIComponent(q)}&limit=100`, { token });
  assert.equal(response.status, 200, response.text);
  return response.body.items.map((m) => m.name);
};

test('"qy" finds names with those syllable initials in order, not 49 shops that say 签约', async () => {
  const member = await tokenFor('13900000001');
  // Every demo shop's description says 工会优惠购签约商家: qian yue, but not in its name.
  const before = await merchants('qy', member);
  assert.ok(!before.some((name) => name.endsWith('号店')), before.join(','));
  assert.ok(before.length <= 2, before.join(','));
  // Spelled out in full, 签约 still finds the descriptions.
  assert.ok((await merchants('qianyue', member)).filter((name) => name.endsWith('号店')).length >= 40);

  const admin = await tokenFor('13800000000');
  const apply = async (name, licence) => {
    const applied = await request(server, 'POST', '/api/v1/merchant-applications', {
      json: {
        name, category: 'dining', address: '江北区青云路1号', lat: 30.27, lng: 120.15, contact_name: '王经理',
        phone: '13912345678', licence_no: licence, description: '茶饮', opening_hours: '09:00-21:00', external_url: '', photo_ids: [],
      },
    });
    assert.equal(applied.status, 201, applied.text);
    const approved = await request(server, 'POST', `/api/v1/merchant-applications/${applied.body.id}/approve`, {
      token: admin, json: { contract_start: '2026-01-01', contract_end: '2036-01-01' },
    });
    assert.equal(approved.status, 201, approved.text);
  };
  await apply('老街青云茶社分店', '91330100MA2QY0002');
  await apply('青云茶舍', '91330100MA2QY0001');
  const hits = (await search('qy', member)).map((hit) => hit.name);
  // A name that starts with 青云 first, then one where 青云 covers less of the name.
  assert.equal(hits[0], '青云茶舍');
  assert.equal(hits[1], '老街青云茶社分店');
  assert.ok(!hits.some((name) => name.endsWith('号店')), hits.join(','));
  const list = await merchants('qy', member);
  assert.deepEqual(list.slice(0, 2), ['青云茶舍', '老街青云茶社分店']);
  // Scattered letters do not count: 青 (qing) … 园 (yuan) in 青山蓝莓园.
  assert.ok(!list.includes('青山蓝莓园'));
});

test('the admin member search finds 陈晓梅 by pinyin, initials, characters and phone', async () => {
  const district = await tokenFor('13800000001');
  const names = async (q) => {
    const response = await request(server, 'GET', `/api/v1/members?q=${encodeURIComponent(q)}&limit=50`, { token: district });
    assert.equal(response.status, 200, response.text);
    return response.body.items.map((m) => m.name);
  };
  for (const q of ['cxm', 'chenxiaomei', 'ChenXiaoMei', 'chen xiao mei', 'chenxm', '陈晓梅', '陈晓', '13900000001']) {
    const found = await names(q);
    assert.ok(found.includes('陈晓梅'), `${q}: ${found.join(',')}`);
    assert.ok(found.every((name) => name.startsWith('陈')), `${q}: ${found.join(',')}`);
  }
  assert.deepEqual(await names('chenxiaomei'), ['陈晓梅']);
  assert.deepEqual(await names('mxc'), []);
  // Pages like any list.
  const first = await request(server, 'GET', '/api/v1/members?q=chen&limit=2', { token: district });
  assert.equal(first.body.items.length, 2);
  assert.ok(first.body.next_cursor);
  const second = await request(server, 'GET', `/api/v1/members?q=chen&limit=2&cursor=${first.body.next_cursor}`, { token: district });
  assert.ok(second.body.items.every((m) => m.name.startsWith('陈') && !first.body.items.some((f) => f.id === m.id)));
  const tooLong = await request(server, 'GET', `/api/v1/members?q=${'a'.repeat(80)}`, { token: district });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.error.field, 'q');
});
