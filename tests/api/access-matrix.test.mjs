// The access matrix, derived from the routes' own declarations: `gonghui routes` lists every
// route with who may call it, and every route is tried as every kind of caller, inside and
// outside the caller's scope (invariant 6, deny by default). A route is covered the day it
// is added: its declaration says whom it admits, and a path parameter that no fixture below
// can fill fails the suite until one is added.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, runCli } from './harness.mjs';

const PASSWORD = 'gonghui-demo';
// Everyone a route is tried as. Roles come from the sign-in answer, not from this list.
const CALLERS = [
  { name: 'anonymous' },
  { name: 'member', phone: '13900000001' }, // 陈晓梅, a base union of 江北区
  { name: 'merchant staff', phone: '13700000001' }, // 阳光葡萄采摘园
  { name: 'district admin', phone: '13800000001' }, // org_admin of 江北区
  { name: 'platform admin', phone: '13800000000' },
];
// Callers held to a part of the data: their own subtree, merchant or member records.
const SCOPED = ['district admin', 'merchant staff', 'member'];
// Another member of 江北区, whose entries and vouchers are outside the member's own.
const OTHER_MEMBER_PHONE = '13900000002';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let server;
let routes = [];
const callers = {}; // name → { name, token, roles: [role], grants: [{role, org_id, …}] }
const ids = {}; // the demo's resources, discovered through the API
let fixtures; // pattern prefix ending in a parameter → values for it (see buildFixtures)
let keyCounter = 0;

function loadRoutes() {
  const result = runCli(['routes']);
  assert.equal(result.status, 0, `gonghui routes failed (${result.status}): ${result.stderr}`);
  return result.stdout.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

// Whether a route's declaration admits the caller. A metrics token is never configured here.
function admits(route, who) {
  const c = callers[who];
  if (route.public) return true;
  if (!c.token) return false;
  return route.signed_in || route.roles.some((role) => c.roles.includes(role));
}

function call(who, method, path, options = {}) {
  const token = who ? callers[who].token : undefined;
  return request(server, method, path, { ...options, token });
}

async function read(path, who = 'platform admin') {
  const response = await call(who, 'GET', path);
  assert.equal(response.status, 200, `GET ${path} as ${who}: ${response.text}`);
  return response.body;
}

async function write(who, method, path, json, expected = [200, 201]) {
  const response = await call(who, method, path, { json, headers: { 'idempotency-key': `matrix-setup-${keyCounter++}` } });
  assert.ok(expected.includes(response.status), `${method} ${path} as ${who}: ${response.status} ${response.text}`);
  return response.body;
}

// The audit log's length and newest entry, read as the platform admin. It is append-only and
// every admin write lands in it, so an unchanged state means no admin write happened.
async function auditState() {
  let count = 0;
  let cursor = null;
  let head = null;
  do {
    const page = await read(`/api/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    if (head === null && page.items.length) head = `${page.items[0].seq}:${page.items[0].hash}`;
    count += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return { count, head };
}

// The parameters of a pattern, each with its fixture key: the pattern up to and including it.
function parametersOf(pattern) {
  return [...pattern.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], key: pattern.slice(0, m.index + m[0].length) }));
}

function fixtureOf(pattern, parameter) {
  const fixture = fixtures[parameter.key];
  if (!fixture) throw new Error(`no fixture for {${parameter.name}} in ${pattern}: add one to tests/api/access-matrix.test.mjs`);
  return fixture;
}

// The path with each parameter filled by choose(fixture, parameter); null if choose has no
// value for one. Throws for a parameter without a fixture.
function fill(pattern, choose) {
  let path = pattern;
  for (const parameter of parametersOf(pattern)) {
    const value = choose(fixtureOf(pattern, parameter), parameter);
    if (value === undefined || value === null) return null;
    path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
  }
  return path;
}

const label = (route) => `${route.method} ${route.pattern}`;
const outcome = (response) => `${response.status}${response.body?.error?.code ? ` ${response.body.error.code}` : ''}`;

before(async () => {
  routes = loadRoutes();
  server = await startServer({ demo: true });
  // Each account signs in once (sign-in is throttled per address) and its token is reused.
  for (const c of CALLERS) {
    callers[c.name] = { name: c.name, token: undefined, roles: [], grants: [] };
    if (!c.phone) continue;
    const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: c.phone, password: PASSWORD } });
    assert.equal(response.status, 200, `sign in as ${c.name}: ${response.text}`);
    const grants = response.body.account.roles;
    callers[c.name] = { name: c.name, token: response.body.token, roles: grants.map((g) => g.role), grants };
  }
  {
    const response = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: OTHER_MEMBER_PHONE, password: PASSWORD } });
    assert.equal(response.status, 200, response.text);
    callers['other member'] = { name: 'other member', token: response.body.token, roles: [], grants: response.body.account.roles };
  }
  await discover();
  fixtures = buildFixtures();
});

after(async () => { await server?.stop(); });

// Finds, and where the demo has none creates, a resource of each kind inside and outside
// each scoped caller's part of the data. All of it runs before any test takes its baseline.
async function discover() {
  const grantOf = (who, role) => callers[who].grants.find((g) => g.role === role);
  ids.year = String(new Date().getUTCFullYear());

  // Unions: the district admin administers 江北区; 城南区 and the federation above are outside.
  const orgs = (await read('/api/v1/orgs')).items;
  ids.root = orgs.find((o) => o.parent_id === null).id;
  ids.district = grantOf('district admin', 'org_admin').org_id;
  ids.ownBase = grantOf('member', 'member').org_id;
  const foreignDistrict = orgs.find((o) => o.kind === 'district' && o.id !== ids.district);
  ids.foreignDistrict = foreignDistrict.id;
  ids.foreignBase = orgs.find((o) => o.parent_id === foreignDistrict.id).id;
  assert.equal(orgs.find((o) => o.id === ids.ownBase).parent_id, ids.district, 'the demo member is in the district admin\'s district');

  // Members.
  ids.member = grantOf('member', 'member').member_id;
  ids.otherMember = callers['other member'].grants.find((g) => g.role === 'member').member_id;
  ids.foreignMember = (await read(`/api/v1/members?org_id=${ids.foreignBase}&limit=1`)).items[0].id;

  // Points for both 江北区 members (the demo gives that district none), to enter campaigns.
  await write('platform admin', 'POST', '/api/v1/points/grants', { member_ids: [ids.member, ids.otherMember], amount: 100, reason: '访问矩阵测试' });
  // A grant made by the district admin itself: inside its scope.
  ids.ownGrant = (await write('district admin', 'POST', '/api/v1/points/grants', { member_ids: [ids.member], amount: 1, reason: '访问矩阵测试' })).id;
  const grants = (await read('/api/v1/points/grants?limit=100')).items;
  ids.foreignGrant = grants.find((g) => g.target_org_id === ids.foreignDistrict).id;
  ids.ownTransfer = (await read(`/api/v1/members/${ids.member}/points/transfers`)).items[0].id;
  ids.foreignTransfer = (await read(`/api/v1/members/${ids.foreignMember}/points/transfers`)).items[0].id;

  // Campaigns.
  const campaigns = (await read('/api/v1/campaigns?limit=200')).items;
  const booking = campaigns.find((c) => c.kind === 'booking' && c.status === 'open');
  const claim = campaigns.find((c) => c.kind === 'claim' && c.status === 'open');
  ids.booking = booking.id;
  ids.federationLottery = campaigns.find((c) => c.kind === 'lottery' && c.status === 'open' && c.org_id === ids.root).id;
  ids.drawn = campaigns.find((c) => c.status === 'drawn').id;
  ids.ownDistribution = campaigns.find((c) => c.kind === 'distribution' && c.org_id === ids.district).id;
  const now = Date.now();
  const window = { opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 7 * 86400000).toISOString() };
  // An open, free claim for 城南区 only: a member of 江北区 could enter it but for scope, and
  // an admin could cancel it but for scope.
  const foreignClaim = await write('platform admin', 'POST', '/api/v1/campaigns', {
    org_id: ids.foreignDistrict, kind: 'claim', title: '城南区·访问矩阵测试领取', ...window,
    prizes: [{ tier: 1, name: '测试礼包', quantity: 10, value_fen: 100 }],
  });
  ids.foreignClaim = foreignClaim.id;
  await write('platform admin', 'POST', `/api/v1/campaigns/${ids.foreignClaim}/publish`, {});
  // A draft for 城南区, which only the scope check keeps a district admin from publishing.
  ids.foreignDraft = (await write('platform admin', 'POST', '/api/v1/campaigns', {
    org_id: ids.foreignDistrict, kind: 'claim', title: '城南区·访问矩阵测试草稿', ...window,
    prizes: [{ tier: 1, name: '测试礼包', quantity: 10, value_fen: 100 }],
  })).id;
  // A distribution of the district admin's own, for distributing to foreign members.
  ids.ownNewDistribution = (await write('district admin', 'POST', '/api/v1/campaigns', {
    kind: 'distribution', title: '江北区·访问矩阵测试发放', ...window, prizes: [{ name: '测试礼包', quantity: 5 }],
  })).id;
  await write('district admin', 'POST', `/api/v1/campaigns/${ids.ownNewDistribution}/publish`, {});

  // Purchases: the demo's, one of 江北区 and one of 城南区.
  ids.ownPurchase = (await read(`/api/v1/purchases?org_id=${ids.district}&limit=1`)).items[0].id;
  ids.foreignPurchase = (await read(`/api/v1/purchases?org_id=${ids.foreignDistrict}&limit=1`)).items[0].id;

  // Entries and vouchers of the member and of another member.
  ids.ownEntry = (await write('member', 'POST', `/api/v1/campaigns/${ids.booking}/entries`, { slot_id: booking.slots[0].id })).id;
  ids.otherEntry = (await write('other member', 'POST', `/api/v1/campaigns/${ids.booking}/entries`, { slot_id: booking.slots[0].id })).id;
  ids.ownVoucher = (await write('member', 'POST', `/api/v1/campaigns/${claim.id}/entries`, {})).voucher.id;
  ids.otherVoucher = (await write('other member', 'POST', `/api/v1/campaigns/${claim.id}/entries`, {})).voucher.id;

  // Messages: each member's grant message above; notices of 江北区 and of 城南区.
  ids.ownMessage = (await read('/api/v1/me/messages', 'member')).items[0].id;
  ids.otherMessage = (await read('/api/v1/me/messages', 'other member')).items[0].id;
  ids.ownNotice = (await write('district admin', 'POST', '/api/v1/notices', { title: '访问矩阵测试通知', body: '江北区' })).id;
  ids.foreignNotice = (await write('platform admin', 'POST', '/api/v1/notices', { org_id: ids.foreignDistrict, title: '访问矩阵测试通知', body: '城南区' })).id;

  // Merchants: the staff's own; another, suspended so that only its managers see it at all.
  ids.ownMerchant = grantOf('merchant staff', 'merchant_staff').merchant_id;
  const own = await read('/api/v1/me/merchant', 'merchant staff');
  ids.ownOffer = own.offers[0].id;
  ids.ownProduct = own.products[0].id;
  const merchants = (await read('/api/v1/merchants?limit=100')).items;
  ids.otherMerchant = merchants.find((m) => m.id !== ids.ownMerchant && m.org_id !== ids.district).id;
  await write('platform admin', 'POST', `/api/v1/merchants/${ids.otherMerchant}/suspend`, {});
  const other = await read(`/api/v1/merchants/${ids.otherMerchant}`);
  ids.otherOffer = other.offers[0].id;
  ids.otherProduct = other.products[0].id;

  // Merchant applications to 江北区 (inside the district admin's scope) and to 城南区.
  const application = {
    name: '访问矩阵测试农场', category: 'farm', address: '测试村1号', lat: 30.3, lng: 120.2,
    contact_name: '李场长', phone: '13912345678', licence_no: '91330100MA2AAAAA1', description: '测试',
  };
  ids.ownApplication = (await write(null, 'POST', '/api/v1/merchant-applications', { ...application, org_id: ids.district })).id;
  ids.foreignApplication = (await write(null, 'POST', '/api/v1/merchant-applications', { ...application, name: '城南测试农场', org_id: ids.foreignDistrict })).id;

  // History import batches: the district admin's own, and one of the federation's scope.
  const historyCsv = (org) => `日期,工会,类型,产品,份数\n2021-03-05,${org},发放,草莓,10\n`;
  ids.ownHistoryBatch = (await write('district admin', 'POST', '/api/v1/history/imports', { file_name: 'own.csv', csv: historyCsv(ids.ownBase) })).batch_id;
  ids.foreignHistoryBatch = (await write('platform admin', 'POST', '/api/v1/history/imports', { file_name: 'foreign.csv', csv: historyCsv(ids.foreignBase) })).batch_id;
  // Union admins: an invitation to administer 城南区 (its token read by a public route), and
  // the platform admin's account, which the district admin may not remove from anything.
  const invitation = await write('platform admin', 'POST', `/api/v1/orgs/${ids.foreignDistrict}/admins`, { phone: '13612349999', name: '城南区新管理员' });
  ids.foreignInvitation = invitation.id;
  ids.inviteToken = invitation.link.split('/').pop();
  ids.platformAccount = (await read('/api/v1/me')).account.id;

  // Feedback from the member (to a union of 江北区) and from a member of 城南区.
  ids.ownFeedback = (await write('member', 'POST', '/api/v1/me/feedback', { body: '访问矩阵测试：希望增加夜间活动' })).id;
  const foreignPhone = (await read(`/api/v1/members/${ids.foreignMember}`)).phone;
  const foreignLogin = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: foreignPhone, password: PASSWORD } });
  assert.equal(foreignLogin.status, 200, foreignLogin.text);
  const foreignFeedback = await request(server, 'POST', '/api/v1/me/feedback', {
    token: foreignLogin.body.token, json: { body: '访问矩阵测试：城南区会员的意见' },
  });
  assert.equal(foreignFeedback.status, 201, foreignFeedback.text);
  ids.foreignFeedback = foreignFeedback.body.id;

  // News and model workers: the federation's published ones (everyone reads them), drafts of
  // 江北区 by the district admin, and drafts of 城南区.
  const article = (org) => ({ title: '访问矩阵测试资讯', body: '测试正文', category: 'union_news', org_id: org });
  const profile = (org) => ({ name: '测试劳模', honour: '市劳动模范', level: 'city', honour_year: 2020, org_id: org, field: '测试' });
  ids.cityArticle = (await request(server, 'GET', '/api/v1/news?page_size=1')).body.items[0].id; // anonymous: the federation's
  ids.ownArticle = (await write('district admin', 'POST', '/api/v1/news', article(ids.district))).id;
  ids.foreignArticle = (await write('platform admin', 'POST', '/api/v1/news', article(ids.foreignDistrict))).id;
  ids.cityWorker = (await request(server, 'GET', '/api/v1/model-workers?page_size=1')).body.items[0].id;
  ids.ownWorker = (await write('district admin', 'POST', '/api/v1/model-workers', profile(ids.district))).id;
  ids.foreignWorker = (await write('platform admin', 'POST', '/api/v1/model-workers', profile(ids.foreignDistrict))).id;

  // A photo (public, anyone may read it).
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');
  const photo = await request(server, 'POST', '/api/v1/photos', { body: png, headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  ids.photo = photo.body.id;
}

// For each path parameter (keyed by the pattern up to and including it):
//   any      a real value, for callers the route refuses anyway and for public routes;
//   in       per caller, a value inside the caller's scope, to read it (test 2); a caller
//            without one is not tried there;
//   out      per scoped caller, [description, value] pairs outside the caller's scope (test 3);
//   unscoped true for a parameter no caller is held to (a year, a public photo).
// A new route whose parameter has no entry here fails the suite until one is added.
function buildFixtures() {
  const admins = (value) => ({ 'district admin': value, 'platform admin': value });
  return {
    '/api/v1/orgs/{id}': {
      any: ids.district,
      in: admins(ids.district),
      out: {
        'district admin': [['a union in 城南区', ids.foreignBase], ['城南区总工会', ids.foreignDistrict], ['the federation above 江北区', ids.root]],
      },
    },
    '/api/v1/orgs/{id}/purchase-budget/{year}': { any: ids.year, unscoped: true },
    '/api/v1/orgs/{id}/admins/{account_id}': {
      any: ids.platformAccount,
      out: { 'district admin': [['the platform admin\'s account', ids.platformAccount]] },
    },
    '/api/v1/orgs/{id}/invitations/{invitation_id}': {
      any: ids.foreignInvitation,
      out: { 'district admin': [['an admin invitation of 城南区', ids.foreignInvitation]] },
    },
    '/api/v1/invitations/{token}': { any: ids.inviteToken, unscoped: true },
    '/api/v1/members/{id}': {
      any: ids.member,
      in: { member: ids.member, ...admins(ids.member) },
      out: {
        'district admin': [['a member in 城南区', ids.foreignMember]],
        'merchant staff': [['a member', ids.member]],
        member: [['another member of the same district', ids.otherMember], ['a member in 城南区', ids.foreignMember]],
      },
    },
    '/api/v1/points/grants/{id}': {
      any: ids.ownGrant,
      in: { 'district admin': ids.ownGrant, 'platform admin': ids.foreignGrant },
      out: { 'district admin': [['the federation\'s grant to 城南区', ids.foreignGrant]] },
    },
    '/api/v1/points/transfers/{id}': {
      any: ids.ownTransfer,
      in: admins(ids.ownTransfer),
      out: { 'district admin': [['a transfer to a member in 城南区', ids.foreignTransfer]] },
    },
    '/api/v1/merchant-applications/{id}': {
      any: ids.ownApplication,
      in: admins(ids.ownApplication),
      out: { 'district admin': [['an application to 城南区', ids.foreignApplication]] },
    },
    '/api/v1/merchants/{id}': {
      any: ids.ownMerchant,
      // A signed merchant: every signed-in caller may read it.
      in: { member: ids.ownMerchant, 'merchant staff': ids.ownMerchant, ...admins(ids.ownMerchant) },
      out: {
        'merchant staff': [['another merchant (suspended)', ids.otherMerchant]],
        'district admin': [['a merchant of the federation (suspended)', ids.otherMerchant]],
        member: [['a suspended merchant', ids.otherMerchant]],
      },
    },
    '/api/v1/offers/{id}': {
      any: ids.ownOffer,
      in: { 'merchant staff': ids.ownOffer, 'platform admin': ids.ownOffer },
      out: { 'merchant staff': [['another merchant\'s offer', ids.otherOffer]], 'district admin': [['an offer of a federation merchant', ids.otherOffer]] },
    },
    '/api/v1/products/{id}': {
      any: ids.ownProduct,
      in: { 'merchant staff': ids.ownProduct, 'platform admin': ids.ownProduct },
      out: { 'merchant staff': [['another merchant\'s product', ids.otherProduct]], 'district admin': [['a product of a federation merchant', ids.otherProduct]] },
    },
    '/api/v1/photos/{id}': { any: ids.photo, unscoped: true },
    // A member's own list of favourites: any merchant may be marked, and nobody else's list is named.
    '/api/v1/me/favourites/{merchant_id}': { any: ids.ownMerchant, unscoped: true },
    '/api/v1/feedback/{id}': {
      any: ids.ownFeedback,
      in: admins(ids.ownFeedback),
      out: { 'district admin': [['feedback from a member of 城南区', ids.foreignFeedback]] },
    },
    '/api/v1/history/imports/{id}': {
      any: ids.ownHistoryBatch,
      in: admins(ids.ownHistoryBatch),
      out: { 'district admin': [['a batch the federation imported for 城南区', ids.foreignHistoryBatch]] },
    },
    '/api/v1/purchases/{id}': {
      any: ids.ownPurchase,
      in: admins(ids.ownPurchase),
      out: { 'district admin': [['a purchase of 城南区', ids.foreignPurchase]] },
    },
    '/api/v1/campaigns/{id}': {
      any: ids.drawn,
      in: { member: ids.booking, 'district admin': ids.ownDistribution, 'platform admin': ids.drawn },
      out: {
        'district admin': [
          ['an open campaign for 城南区', ids.foreignClaim], ['a draft campaign for 城南区', ids.foreignDraft],
          ['a campaign of the whole federation', ids.federationLottery],
        ],
        'merchant staff': [['a campaign for 城南区', ids.foreignClaim]],
        member: [['a campaign for 城南区 only', ids.foreignClaim]],
      },
    },
    '/api/v1/campaigns/{id}/entries/{entry_id}': {
      any: ids.ownEntry,
      in: { member: ids.ownEntry },
      out: { member: [['another member\'s booking', ids.otherEntry]] },
    },
    '/api/v1/me/messages/{id}': {
      any: ids.ownMessage,
      in: { member: ids.ownMessage },
      out: { member: [['another member\'s message', ids.otherMessage]] },
    },
    '/api/v1/notices/{id}': {
      any: ids.ownNotice,
      in: admins(ids.ownNotice),
      out: { 'district admin': [['a notice to 城南区', ids.foreignNotice]] },
    },
    // Articles and profiles: the public reads take the federation's; admins manage their own.
    '/api/v1/news/{id}': {
      any: ids.cityArticle,
      in: { member: ids.cityArticle, 'merchant staff': ids.cityArticle, ...admins(ids.ownArticle) },
      out: { 'district admin': [['an article of 城南区', ids.foreignArticle], ['an article of the federation', ids.cityArticle]] },
    },
    '/api/v1/model-workers/{id}': {
      any: ids.cityWorker,
      in: { member: ids.cityWorker, 'merchant staff': ids.cityWorker, ...admins(ids.ownWorker) },
      out: { 'district admin': [['a profile of 城南区', ids.foreignWorker], ['a profile of the federation', ids.cityWorker]] },
    },
    '/api/v1/vouchers/{id}': {
      any: ids.ownVoucher,
      in: { member: ids.ownVoucher },
      out: { member: [['another member\'s voucher', ids.otherVoucher]] },
    },
  };
}

// Minimal valid bodies for the writes, so that what answers a scoped caller is the scope
// check and not validation. Writes not listed get {}.
function bodyFor(method, pattern) {
  const bodies = {
    'PATCH /api/v1/orgs/{id}': { name: '越权改名' },
    'POST /api/v1/orgs/{id}/move': { parent_id: ids.district },
    'PUT /api/v1/orgs/{id}/points/budget': { budget: 1000 },
    'PUT /api/v1/orgs/{id}/points/checkin': { points: 5 },
    'PUT /api/v1/orgs/{id}/points/checkin-ceiling': { ceiling: 10 },
    'PUT /api/v1/orgs/{id}/purchase-budget/{year}': { budget_fen: 100000 },
    'PATCH /api/v1/members/{id}': { name: '越权改名' },
    'POST /api/v1/members/{id}/move': { org_id: ids.ownBase },
    'POST /api/v1/points/transfers/{id}/reverse': { memo: '越权冲正' },
    'POST /api/v1/merchant-applications/{id}/approve': { contract_start: '2026-01-01', contract_end: '2030-12-31' },
    'POST /api/v1/merchant-applications/{id}/reject': { reason: '越权驳回' },
    'PATCH /api/v1/merchants/{id}': { description: '越权改写' },
    'POST /api/v1/merchants/{id}/renew': { contract_end: '2030-12-31' },
    'POST /api/v1/merchants/{id}/staff': { phone: '13712340000', name: '越权店员' },
    'POST /api/v1/orgs/{id}/admins': { phone: '13612340000', name: '越权管理员' },
    'POST /api/v1/merchants/{id}/offers': { title: '越权优惠', kind: 'gift', gift: '越权赠品', valid_from: '2026-01-01', valid_to: '2030-01-01' },
    'PATCH /api/v1/offers/{id}': { title: '越权改写' },
    'POST /api/v1/merchants/{id}/products': { name: '越权产品', kind: 'fruit', unit: '斤', unit_price_fen: 900 },
    'PATCH /api/v1/products/{id}': { name: '越权改写' },
    'POST /api/v1/campaigns/{id}/distribute': { member_ids: [ids.member] },
    'POST /api/v1/campaigns/{id}/draw': { beacon_value: '越权' },
    'POST /api/v1/feedback/{id}/answer': { answer: '越权回复' },
    'PUT /api/v1/news/{id}': { title: '越权改写', body: '越权', category: 'notice', org_id: ids.district },
    'POST /api/v1/news/{id}/return': { reason: '越权退回' },
    'POST /api/v1/news/{id}/withdraw': { reason: '越权撤下' },
    'PUT /api/v1/model-workers/{id}': { name: '越权改写', honour: '市劳动模范', level: 'city', honour_year: 2020, org_id: ids.district, field: '越权' },
    'POST /api/v1/model-workers/{id}/return': { reason: '越权退回' },
    'POST /api/v1/model-workers/{id}/withdraw': { reason: '越权撤下' },
  };
  return bodies[`${method} ${pattern}`] ?? {};
}

// What the out-of-scope resources look like to the platform admin; test 3 compares it
// before and after.
async function outOfScopeSnapshot() {
  const paths = [
    `/api/v1/members/${ids.foreignMember}`, `/api/v1/members/${ids.member}`, `/api/v1/members/${ids.otherMember}`,
    `/api/v1/members/${ids.foreignMember}/points/transfers`, `/api/v1/members/${ids.otherMember}/points/transfers`,
    `/api/v1/orgs/${ids.foreignBase}`, `/api/v1/orgs/${ids.foreignDistrict}`, `/api/v1/orgs/${ids.root}`, `/api/v1/orgs/${ids.ownBase}`,
    `/api/v1/orgs/${ids.foreignBase}/points/summary`, `/api/v1/orgs/${ids.foreignDistrict}/points/summary`, `/api/v1/orgs/${ids.root}/points/summary`,
    `/api/v1/campaigns/${ids.foreignClaim}`, `/api/v1/campaigns/${ids.foreignDraft}`, `/api/v1/campaigns/${ids.federationLottery}`,
    `/api/v1/campaigns/${ids.booking}`,
    `/api/v1/orgs/${ids.foreignDistrict}/admins`, `/api/v1/orgs/${ids.district}/admins`, `/api/v1/orgs/${ids.root}/admins`,
    `/api/v1/invitations/${ids.inviteToken}`,
    `/api/v1/merchants/${ids.otherMerchant}`, '/api/v1/merchant-applications?status=pending',
    `/api/v1/points/grants/${ids.foreignGrant}`, `/api/v1/purchases?org_id=${ids.foreignDistrict}`,
    `/api/v1/history/records?org_id=${ids.foreignDistrict}`, '/api/v1/history/imports',
    '/api/v1/feedback?limit=200',
    `/api/v1/news/${ids.foreignArticle}/manage`, `/api/v1/news/${ids.cityArticle}/manage`,
    `/api/v1/model-workers/${ids.foreignWorker}/manage`, `/api/v1/model-workers/${ids.cityWorker}/manage`,
  ];
  const snapshot = {};
  for (const path of paths) snapshot[path] = await read(path);
  snapshot['other member vouchers'] = await read('/api/v1/me/vouchers', 'other member');
  snapshot['other member entries'] = await read(`/api/v1/campaigns/${ids.booking}/my-entries`, 'other member');
  return snapshot;
}

test('the route table is read from the binary and every path parameter has a fixture', () => {
  assert.ok(routes.length >= 30, `gonghui routes listed only ${routes.length} routes`);
  assert.ok(routes.some((r) => r.method === 'GET' && r.pattern === '/api/v1/me' && r.signed_in));
  // Load balancers and the rolling upgrade call the probes without signing in.
  for (const pattern of ['/api/v1/health', '/api/v1/ready']) {
    assert.ok(routes.some((r) => r.method === 'GET' && r.pattern === pattern && r.public), `${pattern} is public`);
  }
  for (const route of routes) {
    assert.equal(typeof route.public, 'boolean', JSON.stringify(route));
    assert.equal(typeof route.signed_in, 'boolean', JSON.stringify(route));
    assert.ok(Array.isArray(route.roles), JSON.stringify(route));
    // Deny by default: a route that admits nobody is a declaration mistake.
    assert.ok(route.public || route.signed_in || route.roles.length > 0 || route.metrics_token, `${label(route)} admits nobody`);
  }
  const missing = [];
  for (const route of routes) {
    for (const parameter of parametersOf(route.pattern)) {
      if (!fixtures[parameter.key]) missing.push(`no fixture for {${parameter.name}} in ${route.pattern}: add one to tests/api/access-matrix.test.mjs`);
    }
  }
  assert.deepEqual(missing, [], missing.join('\n'));
});

test('every route denies the callers its declaration excludes', async (t) => {
  const before = await auditState();
  const mismatches = [];
  let pairs = 0;
  for (const route of routes) {
    for (const c of CALLERS) {
      if (admits(route, c.name)) continue;
      let path;
      try {
        path = fill(route.pattern, (fixture) => fixture.in?.[c.name] ?? fixture.any);
      } catch (error) {
        mismatches.push(error.message);
        continue;
      }
      const options = WRITES.has(route.method) ? { json: {} } : {};
      const response = await call(c.name, route.method, path, options);
      const expected = callers[c.name].token ? 403 : 401;
      pairs += 1;
      if (response.status !== expected) mismatches.push(`${label(route)} as ${c.name} → got ${outcome(response)}, expected ${expected}`);
    }
  }
  t.diagnostic(`${pairs} denied (route, caller) pairs`);
  assert.ok(pairs > 100, `only ${pairs} denied pairs`);
  assert.deepEqual(mismatches, [], `routes that let in callers their declaration excludes:\n${mismatches.join('\n')}`);
  assert.deepEqual(await auditState(), before, 'the denied requests changed the audit log');
});

test('every allowed route admits its callers', async (t) => {
  const mismatches = [];
  const untried = [];
  let pairs = 0;
  for (const route of routes.filter((r) => r.method === 'GET')) {
    for (const c of CALLERS) {
      if (!admits(route, c.name)) continue;
      let path;
      try {
        path = fill(route.pattern, (fixture) => fixture.in?.[c.name] ?? (route.public || fixture.unscoped ? fixture.any : null));
      } catch (error) {
        mismatches.push(error.message);
        continue;
      }
      if (path === null) {
        untried.push(`${label(route)} as ${c.name}`);
        continue;
      }
      const response = await call(c.name, route.method, path);
      pairs += 1;
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        mismatches.push(`${label(route)} as ${c.name} (${path}) → got ${outcome(response)}`);
      }
    }
  }
  t.diagnostic(`${pairs} allowed (GET route, caller) pairs tried; no resource in scope for ${untried.length}: ${untried.join('; ')}`);
  assert.ok(pairs > 50, `only ${pairs} allowed pairs`);
  assert.deepEqual(mismatches, [], `routes that refuse callers their declaration admits:\n${mismatches.join('\n')}`);
});

// Members are held to their own records here too (another member's entry, voucher or record).
test('admins and staff are held to their scope', async (t) => {
  const auditBefore = await auditState();
  const snapshotBefore = await outOfScopeSnapshot();
  const mismatches = [];
  let cases = 0;
  const tryCase = async (who, method, path, json, description, accept = () => false) => {
    const options = WRITES.has(method) ? { json, headers: { 'idempotency-key': `matrix-scope-${keyCounter++}` } } : {};
    const response = await call(who, method, path, options);
    cases += 1;
    if (response.status === 404 && /no such API route/.test(response.body?.error?.message ?? '')) {
      mismatches.push(`${description} as ${who}: ${method} ${path} matched no route`);
    } else if (response.status !== 403 && response.status !== 404 && !accept(response)) {
      const hint = response.status === 400 ? '; if the body is invalid, give the write a valid one in bodyFor' : '';
      mismatches.push(`${description} as ${who} → got ${outcome(response)} (${method} ${path})${hint}`);
    }
  };

  // Every route a scoped caller may call, with each path parameter in turn outside its scope.
  for (const route of routes) {
    if (route.public) continue;
    const parameters = parametersOf(route.pattern);
    if (!parameters.length) continue;
    for (const who of SCOPED) {
      if (!admits(route, who)) continue;
      for (const parameter of parameters) {
        let fixture;
        try {
          fixture = fixtureOf(route.pattern, parameter);
        } catch (error) {
          mismatches.push(error.message);
          continue;
        }
        if (fixture.unscoped) continue;
        const outside = fixture.out?.[who];
        if (!outside) {
          mismatches.push(`no out-of-scope value for {${parameter.name}} in ${route.pattern} as ${who}: add one to the fixture ${parameter.key} in tests/api/access-matrix.test.mjs`);
          continue;
        }
        for (const [description, value] of outside) {
          const path = fill(route.pattern, (f, p) => (p.key === parameter.key ? value : f.in?.[who] ?? f.any));
          await tryCase(who, route.method, path, bodyFor(route.method, route.pattern), `${label(route)} with {${parameter.name}} = ${description}`);
        }
      }
    }
  }

  // Writes and reads that name their target in the body or the query instead of the path.
  const now = Date.now();
  const window = { opens_at: new Date(now - 60000).toISOString(), closes_at: new Date(now + 86400000).toISOString() };
  const unknownParent = (response) => response.status === 400 && response.body?.error?.code === 'unknown_parent';
  // A history file is refused row by row: each row naming a union outside the scope.
  const outOfScopeRows = (response) => response.status === 400 && response.body?.error?.code === 'import_invalid'
    && response.body.error.details.every((d) => d.code === 'out_of_scope');
  const bodyScoped = [
    ['POST', '/api/v1/points/grants', { org_id: ids.foreignDistrict, amount: 1, reason: '越权发放' }, 'a grant to 城南区'],
    ['POST', '/api/v1/points/grants', { member_ids: [ids.foreignMember], amount: 1, reason: '越权发放' }, 'a grant to a member in 城南区'],
    ['POST', '/api/v1/points/grants', { from_org_id: ids.foreignDistrict, member_ids: [ids.member], amount: 1, reason: '越权发放' }, 'a grant paid by 城南区'],
    ['POST', '/api/v1/members', { name: '越权会员', phone: '13911119999', card_no: 'GH99990001', org_id: ids.foreignBase }, 'a new member in 城南区'],
    ['POST', `/api/v1/members/${ids.member}/move`, { org_id: ids.foreignBase }, 'moving an own member to 城南区'],
    ['POST', '/api/v1/orgs', { parent_id: ids.foreignDistrict, name: '越权工会', kind: 'base' }, 'a new union under 城南区', unknownParent],
    ['POST', `/api/v1/orgs/${ids.ownBase}/move`, { parent_id: ids.foreignDistrict }, 'moving an own union under 城南区', unknownParent],
    ['POST', '/api/v1/purchases', {
      org_id: ids.foreignDistrict, supplier_name: '越权供应商', product_name: '越权产品', unit: '斤', quantity: 1,
      unit_price_fen: 100, total_fen: 100, purchased_on: `${ids.year}-01-02`,
    }, 'a purchase for 城南区'],
    ['POST', '/api/v1/campaigns', { org_id: ids.foreignDistrict, kind: 'claim', title: '越权活动', ...window, prizes: [{ name: '越权礼包', quantity: 1 }] }, 'a campaign for 城南区'],
    ['POST', `/api/v1/purchases/${ids.ownPurchase}/campaigns`, { campaign_ids: [ids.foreignClaim] }, 'linking a campaign of 城南区 to an own purchase'],
    ['POST', `/api/v1/campaigns/${ids.ownNewDistribution}/distribute`, { member_ids: [ids.foreignMember] }, 'a distribution to a member in 城南区'],
    ['POST', `/api/v1/campaigns/${ids.ownNewDistribution}/distribute`, { org_id: ids.foreignDistrict }, 'a distribution to 城南区'],
    ['POST', '/api/v1/history/imports', { file_name: 'x.csv', csv: `日期,工会,类型,产品,份数\n2021-03-05,${ids.foreignBase},发放,草莓,10\n` },
      'history records for a union in 城南区', outOfScopeRows],
    ['GET', `/api/v1/history/records?org_id=${ids.foreignDistrict}`, undefined, 'the history records of 城南区'],
    ['POST', '/api/v1/notices', { org_id: ids.foreignDistrict, title: '越权通知', body: '越权' }, 'a notice to 城南区'],
    ['POST', '/api/v1/notices/preview', { org_id: ids.foreignDistrict, title: '越权通知', body: '越权' }, 'the reach of a notice to 城南区'],
    ['POST', `/api/v1/orgs/${ids.district}/admins`, { phone: '13612340001', name: '越权管理员' }, 'an admin for its own union'],
    ['DELETE', `/api/v1/orgs/${ids.foreignDistrict}/invitations/${ids.foreignInvitation}`, undefined, 'revoking an admin invitation of 城南区'],
    ['POST', '/api/v1/news', { title: '越权资讯', body: '越权', category: 'notice', org_id: ids.foreignDistrict }, 'an article for 城南区'],
    ['POST', '/api/v1/model-workers', { name: '越权劳模', honour: '市劳动模范', level: 'city', honour_year: 2020, org_id: ids.foreignDistrict, field: '越权' }, 'a profile for 城南区'],
    ['GET', `/api/v1/members?org_id=${ids.foreignBase}`, undefined, 'the members of a union in 城南区'],
    ['GET', `/api/v1/members/export.csv?org_id=${ids.foreignBase}`, undefined, 'the member export of a union in 城南区'],
    ['GET', `/api/v1/purchases?org_id=${ids.foreignDistrict}`, undefined, 'the purchases of 城南区'],
    ['GET', `/api/v1/points/grants?org_id=${ids.foreignDistrict}`, undefined, 'the grants of 城南区'],
    ['GET', `/api/v1/reports/impact?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区'],
    ['GET', `/api/v1/reports/impact.csv?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区 as CSV'],
    ['GET', `/api/v1/reports/impact.xlsx?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区 as XLSX'],
    ['GET', `/api/v1/reports/impact/summary?org_id=${ids.foreignDistrict}`, undefined, 'the impact summary of 城南区'],
    ['GET', `/api/v1/reports/impact/records?org_id=${ids.foreignDistrict}&figure=purchases_fen`, undefined, 'the impact records of 城南区'],
  ];
  for (const [method, path, json, description, accept] of bodyScoped) {
    await tryCase('district admin', method, path, json, description, accept);
  }

  t.diagnostic(`${cases} out-of-scope requests`);
  assert.ok(cases > 50, `only ${cases} out-of-scope requests`);
  const snapshotAfter = await outOfScopeSnapshot();
  const changed = Object.keys(snapshotBefore).filter((key) => JSON.stringify(snapshotBefore[key]) !== JSON.stringify(snapshotAfter[key]));
  const auditAfter = await auditState();
  assert.deepEqual(mismatches, [], `out-of-scope requests that were not refused:\n${mismatches.join('\n')}`);
  assert.deepEqual(changed, [], 'out-of-scope resources changed');
  assert.deepEqual(auditAfter, auditBefore, 'the out-of-scope requests changed the audit log');
});
