// 工会资讯 and 劳模工匠 on the member H5 at 390×844: the home page's pinned notice and latest
// news, a column of /news, the search finding an article by pinyin and by initials, an article
// rendered from its Markdown; an article whose body carries script, event-handler and
// javascript: payloads runs none of them; model workers by level, a profile with its studio,
// and a merchant page linking back to the model worker who champions it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { apiAs, demo, phone, signInByApi, testEnvironment, waitForPath, withPage } from './browser.mjs';

let member;
let author;
let reviewer;
let district;
const env = testEnvironment({
  async setUp({ url }) {
    member = await apiAs(url, demo.member);
    author = await apiAs(url, demo.districtAdmin);
    reviewer = await apiAs(url, demo.platformAdmin);
    // The district admin's own union (江北区总工会, where the demo member belongs).
    const orgs = (await author.get('/orgs')).body.items;
    district = orgs.find((org) => org.name === '江北区总工会');
    assert.ok(district, 'the district admin administers 江北区总工会');
  },
});

// An article written by the district admin for their union, approved and published by the
// platform admin (an author may not approve their own); its id.
async function publishArticle(input) {
  const created = await author.post('/news', {
    summary: '',
    category: 'union_news',
    org_id: district.id,
    cover_photo_id: null,
    pinned: false,
    links: [],
    ...input,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { id } = created.body;
  assert.equal((await author.post(`/news/${id}/submit`)).status, 200);
  const approved = await reviewer.post(`/news/${id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.body));
  const published = await reviewer.post(`/news/${id}/publish`, {});
  assert.equal(published.status, 200, JSON.stringify(published.body));
  return id;
}

// A PNG `width`×`height` of one colour, wider than any phone.
function widePng(width = 1600, height = 240) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0xc8)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'binary'),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function uploadPhoto(account) {
  const response = await fetch(`${env.url}/api/v1/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}`, 'content-type': 'image/png' },
    body: widePng(),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()).id;
}

async function withMemberPage(body) {
  await withPage(env.browser, { device: phone }, async (page) => {
    await signInByApi(page, env.url, demo.member);
    await body(page);
  });
}

test('the home page shows the pinned notice and the latest news; 更多 opens /news, where a column shows only its articles', async () => {
  const { body } = await member.get('/news');
  assert.ok(body.pinned.length >= 1, 'the demo has a pinned notice');
  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/`);
    const notice = page.locator('[data-testid=pinned-notice]').first();
    await notice.waitFor();
    assert.match(await notice.textContent(), new RegExp(body.pinned[0].title.slice(0, 8)));
    const latest = page.locator('[data-testid=home-news] [data-testid=article-card]');
    await latest.first().waitFor();
    assert.ok((await latest.count()) >= 3, 'the latest few articles');

    await notice.click();
    await page.locator('[data-testid=article-body]').waitFor();
    assert.equal(await page.locator('[data-testid=article-title]').textContent(), body.pinned[0].title);
    await page.goBack();

    await page.locator('[data-testid=home-news-more]').click();
    await waitForPath(page, '/news');
    await page.locator('[data-testid=article-card]').first().waitFor();
    await page.locator('[data-testid=news-tabs] [role=tab]', { hasText: '通知公告' }).click();
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-testid=article-card]')];
      return cards.length > 0 && cards.every((card) => card.textContent.includes('通知公告'));
    });
    // Nothing for members in codes: categories and dates in words.
    const text = await page.locator('[data-testid=news-page]').textContent();
    assert.doesNotMatch(text, /notice|union_news|farm_aid/);
  });
});

test('the search finds an article about 助农 by its pinyin and by its initials', async () => {
  const id = await publishArticle({ title: '助农直通车开进江北社区', category: 'farm_aid', body: '新鲜蔬果直达职工家门口。' });
  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/news`);
    await page.locator('[data-testid=article-card]').first().waitFor();
    for (const query of ['zhunong', 'zntc']) {
      await page.locator('[data-testid=news-search] input').fill(query);
      const hit = page.locator('[data-testid=article-card]', { hasText: '助农直通车开进江北社区' });
      await hit.first().waitFor();
      assert.ok((await page.locator('[data-testid=article-card]').count()) >= 1, query);
    }
    await page.locator('[data-testid=article-card]', { hasText: '助农直通车开进江北社区' }).first().click();
    await waitForPath(page, `/news/${id}`);
    await page.locator('[data-testid=article-body]').getByText('新鲜蔬果直达职工家门口。').waitFor();
  });
});

test('an article is rendered from its Markdown: headings, emphasis, lists and a photo that fits the phone', async () => {
  const photo = await uploadPhoto(author);
  const id = await publishArticle({
    title: `职工疗休养报名须知 ${Date.now()}`,
    body: `## 报名条件\n\n在职会员均可报名，**每人限报一次**。\n\n![疗休养基地](/api/v1/photos/${photo})\n\n1. 填写报名表\n2. 单位工会审核\n\n> 名额有限，报满即止。`,
  });
  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/news/${id}`);
    const body = page.locator('[data-testid=article-body]');
    await body.locator('h2').waitFor();
    assert.equal(await body.locator('h2').textContent(), '报名条件');
    assert.equal(await body.locator('strong').textContent(), '每人限报一次');
    assert.equal(await body.locator('ol li').count(), 2);
    assert.equal(await body.locator('blockquote').count(), 1);
    const image = body.locator('img[alt=疗休养基地]');
    await image.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid=article-body] img')?.complete);
    const [imageBox, bodyBox] = [await image.boundingBox(), await body.boundingBox()];
    assert.ok(imageBox.width > 0 && imageBox.width <= bodyBox.width + 0.5, `photo ${imageBox.width}px in ${bodyBox.width}px`);
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    // The read was counted (once per reader).
    await page.reload();
    await body.locator('h2').waitFor();
    assert.equal(await page.locator('[data-testid=article-reads]').textContent(), '阅读 1');
  });
});

test('script, event-handler and javascript: payloads in an article run nothing in the browser', async () => {
  const id = await publishArticle({
    title: `安全测试文章 ${Date.now()}`,
    body: [
      '正文开始。',
      '<script>window.__xss=1;alert(1)</script>',
      '<img src=x onerror="window.__xss=2;alert(2)">',
      '[click](javascript:window.__xss=3;alert(3))',
      'raw: <a href="javascript:window.__xss=4;alert(4)" id="raw-link">raw link</a>',
      '<iframe src="javascript:alert(5)"></iframe>',
      '正文结束。',
    ].join('\n\n'),
  });
  await withMemberPage(async (page) => {
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${env.url}/news/${id}`);
    const body = page.locator('[data-testid=article-body]');
    await body.getByText('正文结束。').waitFor();
    assert.equal(await body.locator('script, iframe, [onerror], a[href^="javascript"], #raw-link').count(), 0);
    const link = body.getByText('click', { exact: true });
    if (await link.count()) await link.click();
    const raw = body.getByText('raw link');
    if (await raw.count()) await raw.click();
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(dialogs, []);
    // Still on the article: the empty link went nowhere.
    await waitForPath(page, `/news/${id}`);
  });
});

test('model workers by level, a profile with its studio, and the merchant it champions linking back', async () => {
  const { body } = await member.get('/model-workers');
  assert.ok(body.items.length >= 5, 'the demo has five model workers');
  // The one whose profile links to a merchant (the provincial one's cooperative).
  let champion;
  let merchantLink;
  for (const card of body.items) {
    const profile = (await member.get(`/model-workers/${card.id}`)).body;
    merchantLink = profile.links.find((link) => link.kind === 'merchant');
    if (merchantLink) {
      champion = profile;
      break;
    }
  }
  assert.ok(champion, 'a demo model worker links to a merchant');

  await withMemberPage(async (page) => {
    await page.goto(`${env.url}/model-workers`);
    await page.locator('[data-testid=model-worker-card]').first().waitFor();
    await page.locator('[data-testid=level-tabs] [role=tab]', { hasText: '全国劳模' }).click();
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-testid=model-worker-card]')];
      return cards.length > 0 && cards.every((card) => card.textContent.includes('全国'));
    });
    await page.locator('[data-testid=model-worker-card]').first().click();
    await page.locator('[data-testid=model-worker-detail] [data-testid=model-worker-name]').waitFor();
    await page.locator('[data-testid=model-worker-studio]').waitFor();

    await page.goto(`${env.url}/model-workers/${champion.id}`);
    const links = page.locator('[data-testid=model-worker-links] [data-testid=link-item]');
    await links.first().waitFor();
    await page.locator('[data-testid=link-item][data-kind=merchant]', { hasText: merchantLink.title }).click();
    await waitForPath(page, `/merchants/${merchantLink.id}`);
    const block = page.locator('[data-testid=linked-news]');
    await block.waitFor();
    await block.locator('[data-testid=model-worker-card]', { hasText: champion.name }).waitFor();
  });
});
