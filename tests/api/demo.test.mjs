// The demo data agrees with itself: every prize is redeemed at a merchant that sells what it
// gives, and vouchers go where their prize says; a campaign carries the 连工助农 brand without
// repeating it as a 助农 tag; the printed summary and the dashboard both say 核销率.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request } from './harness.mjs';

let server;
let admin;

before(async () => {
  server = await startServer({ demo: true });
  const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: '13800000000', password: 'gonghui-demo' } });
  assert.equal(response.status, 200, response.text);
  admin = response.body.token;
});
after(async () => { await server.stop(); });

async function allCampaigns() {
  let items = [];
  for (let cursor = ''; ;) {
    const page = await request(server, 'GET', `/api/v1/campaigns?limit=200${cursor}`, { token: admin });
    assert.equal(page.status, 200, page.text);
    items = items.concat(page.body.items);
    if (!page.body.next_cursor) return items;
    cursor = `&cursor=${page.body.next_cursor}`;
  }
}

// Words that name a kind of produce as a whole, as a prize may ("时令蔬菜礼包").
const kindWords = { fruit: ['水果', '果'], vegetable: ['蔬菜'], grain: ['大米', '粮'] };

// Whether a prize's name names the product: they share two characters in a row, or the prize
// names the product's kind.
function namesProduct(prizeName, product) {
  for (let i = 0; i + 2 <= product.name.length; i += 1) {
    if (prizeName.includes(product.name.slice(i, i + 2))) return true;
  }
  return (kindWords[product.kind] || []).some((word) => prizeName.includes(word));
}

test('every demo prize is redeemed at a merchant that sells what the prize gives', async () => {
  const campaigns = await allCampaigns();
  assert.ok(campaigns.length >= 16, `${campaigns.length} campaigns`);
  const merchants = new Map();
  let prizes = 0;
  for (const campaign of campaigns) {
    for (const prize of campaign.prizes) {
      assert.ok(prize.merchant_id, `${campaign.title}: ${prize.name} names no merchant`);
      if (!merchants.has(prize.merchant_id)) {
        const merchant = await request(server, 'GET', `/api/v1/merchants/${prize.merchant_id}`, { token: admin });
        assert.equal(merchant.status, 200, merchant.text);
        merchants.set(prize.merchant_id, merchant.body);
      }
      const merchant = merchants.get(prize.merchant_id);
      const product = merchant.products.find((p) => p.id === prize.product_id);
      assert.ok(product, `${campaign.title}: ${prize.name} is not a product of ${merchant.name}`);
      assert.ok(namesProduct(prize.name, product), `${campaign.title}: ${prize.name} at ${merchant.name} (sells ${product.name})`);
      prizes += 1;
    }
  }
  assert.ok(prizes >= 17, `${prizes} prizes`);
  const vegetables = campaigns.flatMap((c) => c.prizes).filter((p) => p.name.includes('蔬菜'));
  assert.ok(vegetables.length >= 1);
  for (const prize of vegetables) {
    const merchant = merchants.get(prize.merchant_id);
    assert.notEqual(merchant.name, '阳光葡萄采摘园');
    assert.ok(merchant.products.some((p) => p.kind === 'vegetable'), `${merchant.name} sells vegetables`);
  }
});

test('every demo voucher is redeemed where its prize says', async () => {
  const report = (await request(server, 'GET', '/api/v1/reports/impact', { token: admin })).body;
  const prizeMerchant = new Map();
  for (const campaign of await allCampaigns()) {
    for (const prize of campaign.prizes) prizeMerchant.set(prize.id, prize.merchant_id);
  }
  let vouchers = 0;
  for (let cursor = ''; ;) {
    const page = await request(server, 'GET', `${report.links.portions}&limit=500${cursor}`, { token: admin });
    assert.equal(page.status, 200, page.text);
    for (const voucher of page.body.items) {
      assert.equal(voucher.merchant_id, prizeMerchant.get(voucher.prize_id), `voucher ${voucher.id}`);
      assert.notEqual(voucher.product_kind, 'other', `voucher ${voucher.id} names its produce`);
      vouchers += 1;
    }
    if (!page.body.next_cursor) break;
    cursor = `&cursor=${page.body.next_cursor}`;
  }
  assert.equal(vouchers, report.portions);
});

test('no demo campaign carries both the 连工助农 brand and a 助农 tag', async () => {
  for (const campaign of await allCampaigns()) {
    const labels = [campaign.brand, ...campaign.tags].filter(Boolean);
    assert.ok(!(labels.includes('连工助农') && labels.includes('助农')), `${campaign.title}: ${labels.join(', ')}`);
    assert.equal(new Set(labels).size, labels.length, `${campaign.title} repeats a label`);
  }
});

test('the printed summary says 核销率, as the dashboard does', async () => {
  const summary = await request(server, 'GET', '/api/v1/reports/impact/summary', { token: admin });
  assert.equal(summary.status, 200, summary.text);
  assert.match(summary.text, /核销率\d/);
  assert.doesNotMatch(summary.text, /兑付/);
});

test('the demo news: ten articles with one pinned notice, five model workers, two studios, the sample imported clean', async () => {
  const articles = await request(server, 'GET', '/api/v1/news/manage?page_size=100', { token: admin });
  assert.equal(articles.status, 200, articles.text);
  assert.equal(articles.body.total, 10);
  assert.ok(articles.body.items.every((a) => a.status === 'published'));
  assert.equal(new Set(articles.body.items.map((a) => a.category)).size, 5, 'every category');
  assert.deepEqual(articles.body.items.filter((a) => a.pinned).map((a) => a.category), ['notice']);
  const sample = articles.body.items.find((a) => a.title === '市总工会接续助力乡村全面振兴');
  const full = await request(server, 'GET', `/api/v1/news/${sample.id}/manage`, { token: admin });
  assert.match(full.body.body, /44407份/);
  assert.doesNotMatch(full.body.body, /[會農園總蘋獼購]|\([a-zāáǎàōóǒòēéěèīíǐìūúǔùü]+\)/, 'simplified, no pinyin');
  assert.equal(full.body.links.filter((l) => l.kind === 'model_worker').length, 5);

  const workers = await request(server, 'GET', '/api/v1/model-workers/manage?page_size=100', { token: admin });
  assert.equal(workers.body.total, 5);
  assert.ok(workers.body.items.every((w) => w.status === 'published' && w.org.id === sample.org.id));
  const studios = [];
  for (const w of workers.body.items) {
    const profile = await request(server, 'GET', `/api/v1/model-workers/${w.id}/manage`, { token: admin });
    if (profile.body.studio) studios.push(profile.body);
  }
  assert.equal(studios.length, 2);
  // The provincial model worker's cooperative is a demo farm.
  const coop = studios.find((w) => w.level === 'provincial');
  const farm = coop.links.find((l) => l.kind === 'merchant');
  const merchant = await request(server, 'GET', `/api/v1/merchants/${farm.id}`, { token: admin });
  assert.equal(merchant.body.category, 'farm');
});
