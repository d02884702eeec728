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
  { name: 'employer staff', phone: '13300000001' }, // 江北汇通物流有限公司 (vetted by 江北区)
  { name: 'district admin', phone: '13800000001' }, // org_admin of 江北区
  { name: 'platform admin', phone: '13800000000' },
];
// Callers held to a part of the data: their own subtree, merchant or member records.
const SCOPED = ['district admin', 'merchant staff', 'employer staff', 'member'];
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
  // Training: the demo's courses of 江北区 (the finished one with certificates) and of 城南区,
  // a session of each, and a certificate of each district.
  const courses = (await read('/api/v1/training/courses?limit=200')).items;
  const ownCourse = courses.find((c) => c.org_id === ids.district && c.status === 'finished');
  const foreignCourse = courses.find((c) => c.org_id === ids.foreignDistrict);
  ids.ownCourse = ownCourse.id;
  ids.foreignCourse = foreignCourse.id;
  ids.ownSession = ownCourse.sessions[0].id;
  ids.foreignSession = foreignCourse.sessions[0].id;
  ids.ownCertificate = (await read('/api/v1/me/training', 'member')).items.find((m) => m.course_id === ids.ownCourse).enrolment.certificate_id;
  const foreignSeats = (await read(`/api/v1/training/courses/${ids.foreignCourse}/enrolments`)).items;
  ids.foreignCertificate = foreignSeats.find((e) => e.certificate_id)?.certificate_id;
  ids.foreignCourseMember = foreignSeats[0].member_id;
  ids.certificateCode = (await read(`/api/v1/training/certificates/${ids.ownCertificate}`)).verify_code;
  assert.ok(ids.ownCertificate && ids.foreignCertificate, 'the demo has certificates in both districts');
  // 求学圆梦: the demo's open round, and a draft only the city union sees; sealed documents of
  // the member and of another member; applications of the member, of another member of 江北区
  // and of a frontline member of 城南区.
  ids.subsidyRound = (await read('/api/v1/me/subsidy-rounds', 'member')).items[0].id;
  const districts = orgs.filter((o) => o.kind === 'district').map((o) => ({ org_id: o.id, quota: 1 }));
  ids.draftSubsidyRound = (await write('platform admin', 'POST', '/api/v1/subsidy-rounds', {
    year: Number(ids.year) + 1, title: '访问矩阵测试轮次', levels: [{ level: 'bachelor', amount_fen: 100000 }],
    windows: [{ opens_at: `${Number(ids.year) + 1}-03-01`, closes_at: `${Number(ids.year) + 1}-04-01` }], quotas: districts,
  })).id;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const uploadAs = async (tokenOf) => {
    const response = await request(server, 'POST', '/api/v1/documents', { token: tokenOf, body: pdf, headers: { 'content-type': 'application/pdf' } });
    assert.equal(response.status, 201, response.text);
    return response.body.id;
  };
  const applyAs = async (tokenOf, level) => {
    const response = await request(server, 'POST', '/api/v1/me/subsidy-applications', {
      token: tokenOf,
      json: {
        round_id: ids.subsidyRound, level, school: '访问矩阵测试大学', major: '测试', document_id: await uploadAs(tokenOf),
        bank_name: '中国工商银行', account_no: '6222020000000000001', account_holder: '测试',
      },
    });
    assert.equal(response.status, 201, response.text);
    return response.body;
  };
  ids.ownDocument = await uploadAs(callers.member.token);
  ids.otherDocument = await uploadAs(callers['other member'].token);
  ids.ownSubsidy = (await applyAs(callers.member.token, 'junior_college')).id;
  ids.otherSubsidy = (await applyAs(callers['other member'].token, 'junior_college')).id;
  const southFrontline = (await read(`/api/v1/members?org_id=${ids.foreignBase}&limit=20`)).items.find((m) => m.frontline);
  const southLogin = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: southFrontline.phone, password: PASSWORD } });
  assert.equal(southLogin.status, 200, southLogin.text);
  ids.foreignSubsidy = (await applyAs(southLogin.body.token, 'bachelor')).id;

  // 就业服务: the employer staff's own employer and jobs, and another employer's (城南区); a
  // job under review; applications to each; alerts of the member and of another member;
  // 入会申请 to a union of 江北区 and of 城南区.
  ids.ownEmployer = grantOf('employer staff', 'employer_staff').employer_id;
  ids.foreignEmployer = (await read(`/api/v1/employers?q=${encodeURIComponent('城南建设')}`)).items[0].id;
  const postings = (await read('/api/v1/job-postings?limit=200')).items;
  ids.ownJob = postings.find((j) => j.employer_id === ids.ownEmployer && j.status === 'published').id;
  ids.submittedJob = postings.find((j) => j.status === 'submitted').id;
  ids.foreignJob = postings.find((j) => j.employer_id === ids.foreignEmployer && j.status === 'published').id;
  ids.ownJobApplication = (await read('/api/v1/job-applications', 'employer staff')).items[0].id;
  const builder = await request(server, 'POST', '/api/v1/auth/login', { json: { phone: '13300000002', password: PASSWORD } });
  assert.equal(builder.status, 200, builder.text);
  const builderApplications = await request(server, 'GET', '/api/v1/job-applications', { token: builder.body.token });
  ids.foreignJobApplication = builderApplications.body.items[0].id;
  ids.ownAlert = (await read('/api/v1/me/job-alerts', 'member')).items[0].id;
  ids.otherAlert = (await write('other member', 'POST', '/api/v1/me/job-alerts', { q: '访问矩阵' })).id;
  const joining = (await read('/api/v1/joining-applications?limit=100')).items;
  ids.ownJoining = joining.find((a) => a.org_name === '江北公交公司工会').id;
  ids.foreignJoining = joining.find((a) => a.org_name === '城南供电公司工会').id;

  // 招聘会 and 创业指导: the demo fair (江北区) and one of 城南区; the demo mentor (江北区) and one
  // of 城南区 with a slot; a booking of the member and one of another member.
  const hour = 3600000;
  const fairStart = Date.now() + 5 * 24 * hour;
  ids.ownFair = (await read('/api/v1/job-fairs')).items.find((f) => f.org_name === '江北区总工会').id;
  ids.foreignFair = (await write('platform admin', 'POST', '/api/v1/job-fairs', {
    org_id: ids.foreignDistrict, title: '城南区招聘会', place: '城南区', lat: 30.23, lng: 120.14,
    starts_at: new Date(fairStart).toISOString(), ends_at: new Date(fairStart + 4 * hour).toISOString(), capacity: 10,
  })).id;
  const mentors = (await read('/api/v1/mentors')).items;
  const ownMentor = mentors.find((m) => m.name === '周立新');
  ids.ownMentor = ownMentor.id;
  ids.foreignMentor = (await write('platform admin', 'POST', '/api/v1/mentors', {
    org_id: ids.foreignDistrict, name: '城南导师', phone: '13312349999', kind: 'expert', title: '创业导师',
  })).id;
  ids.foreignMentorSlot = (await write('platform admin', 'POST', `/api/v1/mentors/${ids.foreignMentor}/slots`, {
    place: '线上', slots: [{ starts_at: new Date(fairStart).toISOString(), ends_at: new Date(fairStart + hour).toISOString() }],
  })).slots[0].slot_id;
  ids.ownMentorBooking = (await write('member', 'POST', `/api/v1/mentors/${ids.ownMentor}/bookings`, { slot_id: ownMentor.slots[0].slot_id })).entry_id;
  ids.otherMentorBooking = (await write('other member', 'POST', `/api/v1/mentors/${ids.ownMentor}/bookings`, { slot_id: ownMentor.slots[1].slot_id })).entry_id;

  // A photo (public, anyone may read it).
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082', 'hex');
  const photo = await request(server, 'POST', '/api/v1/photos', { body: png, headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  ids.photo = photo.body.id;

  // Rest stations: one of 江北区 and one of 城南区, a check-in, and a problem at each.
  ids.ownStation = (await read('/api/v1/stations/manage?limit=1', 'district admin')).items[0].id;
  const foreignStation = (await read(`/api/v1/stations/manage?org_id=${ids.foreignDistrict}&limit=1`)).items[0];
  ids.foreignStation = foreignStation.id;
  const checkIn = await request(server, 'POST', `/api/v1/stations/${ids.foreignStation}/check-ins`, { json: { code: foreignStation.check_in_code } });
  assert.equal(checkIn.status, 201, checkIn.text);
  ids.checkIn = checkIn.body.id;
  const problemAt = async (station) => {
    const made = await request(server, 'POST', `/api/v1/stations/${station}/problems`, { json: { kind: 'facilities', description: '访问矩阵测试' } });
    assert.equal(made.status, 201, made.text);
    return made.body.id;
  };
  ids.ownProblem = await problemAt(ids.ownStation);
  ids.foreignProblem = await problemAt(ids.foreignStation);

  // Help lists: 江北区's pairing (青山村) and 城南区's (清河社区), an open need and a volunteer
  // task of each.
  const pairings = (await read('/api/v1/pairings')).items;
  ids.ownPairing = pairings.find((p) => p.village === '青山村').id;
  ids.foreignPairing = pairings.find((p) => p.village === '清河社区').id;
  const partsOf = async (pairing) => {
    const page = await read(`/api/v1/pairings/${pairing}/manage`);
    return {
      need: page.needs_list.find((n) => n.status === 'open').id,
      task: page.needs_list.flatMap((n) => n.volunteer_tasks)[0].id,
    };
  };
  ({ need: ids.ownNeed, task: ids.ownTask } = await partsOf(ids.ownPairing));
  ({ need: ids.foreignNeed, task: ids.foreignTask } = await partsOf(ids.foreignPairing));
  // A household of each: 青山村's demo ones are served by needs (a DELETE is refused, 409, and
  // leaves it for the other routes); 清河社区 has none in the demo, so one is added.
  ids.ownHousehold = (await read(`/api/v1/pairings/${ids.ownPairing}/households`)).items.find((h) => h.need_ids.length > 0).id;
  ids.foreignHousehold = (await write('platform admin', 'POST', `/api/v1/pairings/${ids.foreignPairing}/households`, { name: '矩阵户', address: '清河社区' })).id;
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
        'employer staff': [['a member', ids.member]],
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
        'employer staff': [['a suspended merchant', ids.otherMerchant]],
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
        'employer staff': [['a campaign for 城南区', ids.foreignClaim]],
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
    '/api/v1/training/courses/{id}': {
      any: ids.ownCourse,
      in: { member: ids.ownCourse, ...admins(ids.ownCourse) },
      out: {
        'district admin': [['a course of 城南区', ids.foreignCourse]],
        'merchant staff': [['a course', ids.ownCourse]],
        'employer staff': [['a course', ids.ownCourse]],
        member: [['a course for 城南区 only', ids.foreignCourse]],
      },
    },
    '/api/v1/training/sessions/{id}': {
      any: ids.ownSession,
      in: admins(ids.ownSession),
      out: {
        'district admin': [['a session of a 城南区 course', ids.foreignSession]],
        member: [['a session of a course for 城南区 only', ids.foreignSession]],
      },
    },
    '/api/v1/training/sessions/{id}/attendance/{member_id}': {
      any: ids.member,
      out: { 'district admin': [['a member of 城南区, who has no place in the course', ids.foreignCourseMember]] },
    },
    '/api/v1/training/certificates/{id}': {
      any: ids.ownCertificate,
      in: { member: ids.ownCertificate, ...admins(ids.ownCertificate) },
      out: {
        'district admin': [['a certificate of a 城南区 course', ids.foreignCertificate]],
        member: [['another member\'s certificate', ids.foreignCertificate]],
      },
    },
    '/api/v1/training/verify/{code}': { any: ids.certificateCode, unscoped: true },
    '/api/v1/documents/{id}': {
      any: ids.ownDocument,
      in: { member: ids.ownDocument },
      out: {
        member: [['another member\'s document', ids.otherDocument]],
        'merchant staff': [['a member\'s document', ids.ownDocument]],
        'employer staff': [['a member\'s document', ids.ownDocument]],
        'district admin': [['a member\'s document (read through the application)', ids.ownDocument]],
      },
    },
    // Rounds are the city union's: the platform admin reads them here (a district admin's reads
    // are in tests/api/subsidies.test.mjs); below the city a draft does not exist.
    '/api/v1/subsidy-rounds/{id}': {
      any: ids.subsidyRound,
      in: { 'platform admin': ids.subsidyRound },
      out: { 'district admin': [['a draft round of the city union', ids.draftSubsidyRound]] },
    },
    '/api/v1/subsidy-applications/{id}': {
      any: ids.ownSubsidy,
      in: admins(ids.ownSubsidy),
      out: { 'district admin': [['an application from 城南区', ids.foreignSubsidy]] },
    },
    '/api/v1/me/subsidy-applications/{id}': {
      any: ids.ownSubsidy,
      in: { member: ids.ownSubsidy },
      out: { member: [['another member\'s application', ids.otherSubsidy], ['an application from 城南区', ids.foreignSubsidy]] },
    },
    '/api/v1/employers/{id}': {
      any: ids.ownEmployer,
      in: { 'employer staff': ids.ownEmployer, ...admins(ids.ownEmployer) },
      out: {
        'employer staff': [['another employer', ids.foreignEmployer]],
        'district admin': [['an employer vetted by 城南区', ids.foreignEmployer]],
      },
    },
    // Published jobs are public; applying names a job, and one under review is none.
    '/api/v1/jobs/{id}': {
      any: ids.ownJob,
      out: Object.fromEntries(['district admin', 'merchant staff', 'employer staff', 'member'].map((who) => [who, [['a job under review', ids.submittedJob]]])),
    },
    '/api/v1/job-postings/{id}': {
      any: ids.ownJob,
      in: { 'employer staff': ids.ownJob, ...admins(ids.ownJob) },
      out: {
        'employer staff': [['another employer\'s job', ids.foreignJob]],
        'district admin': [['a job of an employer of 城南区', ids.foreignJob]],
      },
    },
    '/api/v1/job-applications/{id}': {
      any: ids.ownJobApplication,
      in: { 'employer staff': ids.ownJobApplication },
      out: { 'employer staff': [['an application to another employer\'s job', ids.foreignJobApplication]] },
    },
    '/api/v1/me/job-alerts/{id}': {
      any: ids.ownAlert,
      in: { member: ids.ownAlert },
      out: { member: [['another member\'s alert', ids.otherAlert]] },
    },
    '/api/v1/joining-applications/{id}': {
      any: ids.ownJoining,
      in: admins(ids.ownJoining),
      out: { 'district admin': [['an application to a union of 城南区', ids.foreignJoining]] },
    },
    // A fair is public; its writes are the organiser's admins', registering is for members
    // of its subtree.
    '/api/v1/job-fairs/{id}': {
      any: ids.ownFair,
      in: admins(ids.ownFair),
      out: { 'district admin': [['a fair of 城南区', ids.foreignFair]], member: [['a fair of 城南区', ids.foreignFair]] },
    },
    '/api/v1/mentors/{id}': {
      any: ids.ownMentor,
      in: admins(ids.ownMentor),
      out: { 'district admin': [['a mentor of 城南区', ids.foreignMentor]], member: [['a mentor of 城南区', ids.foreignMentor]] },
    },
    // A booking is its member's to cancel and its mentor's to note.
    '/api/v1/mentor-bookings/{id}': {
      any: ids.ownMentorBooking,
      out: Object.fromEntries(SCOPED.map((who) => [who, [['another member\'s booking', ids.otherMentorBooking]]])),
    },
    '/api/v1/stations/{id}': {
      any: ids.ownStation,
      in: admins(ids.ownStation),
      out: { 'district admin': [['a station of 城南区', ids.foreignStation]] },
    },
    // A check-in is rated with the token handed back to its visitor, whoever they are.
    '/api/v1/station-check-ins/{id}': { any: ids.checkIn, unscoped: true },
    '/api/v1/station-problems/{id}': {
      any: ids.ownProblem,
      in: admins(ids.ownProblem),
      out: { 'district admin': [['a problem at a station of 城南区', ids.foreignProblem]] },
    },
    '/api/v1/pairings/{id}': {
      any: ids.ownPairing,
      in: admins(ids.ownPairing),
      out: { 'district admin': [['a pairing of 城南区', ids.foreignPairing]] },
    },
    // A household is held to its pairing: another pairing's household is not found there.
    '/api/v1/pairings/{id}/households/{household_id}': {
      any: ids.ownHousehold,
      in: admins(ids.ownHousehold),
      out: { 'district admin': [['a household of a pairing of 城南区', ids.foreignHousehold]] },
    },
    '/api/v1/needs/{id}': {
      any: ids.ownNeed,
      out: { 'district admin': [['a need of a pairing of 城南区', ids.foreignNeed]] },
    },
    '/api/v1/volunteer-tasks/{id}': {
      any: ids.ownTask,
      in: admins(ids.ownTask),
      out: {
        'district admin': [['a task of a pairing of 城南区', ids.foreignTask]],
        member: [['a task of a pairing of 城南区', ids.foreignTask]],
      },
    },
    // A volunteer of the task: the task is what is held to scope.
    '/api/v1/volunteer-tasks/{id}/volunteers/{member_id}': { any: ids.member, unscoped: true },
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
    'PUT /api/v1/training/courses/{id}': {
      title: '越权改写', category: 'other', teacher_name: '越权', mode: 'first_come', seats: 5,
      enrol_opens_at: '2030-01-01', enrol_closes_at: '2030-01-02',
      sessions: [{ starts_at: '2030-01-03T01:00:00Z', ends_at: '2030-01-03T03:00:00Z', place: '越权' }],
    },
    'POST /api/v1/training/courses/{id}/cancel': { reason: '越权取消' },
    'POST /api/v1/training/courses/{id}/draw': { beacon_value: '越权' },
    'POST /api/v1/training/sessions/{id}/sign-in': { code: '0000000000000000' },
    'PUT /api/v1/training/sessions/{id}/attendance/{member_id}': { status: 'present' },
    'PATCH /api/v1/subsidy-rounds/{id}': { title: '越权改名' },
    'POST /api/v1/subsidy-rounds/{id}/bulk-approve': { application_ids: [ids.foreignSubsidy] },
    'POST /api/v1/subsidy-applications/{id}/return': { reason: '越权退回' },
    'POST /api/v1/subsidy-applications/{id}/payout': { paid_on: `${ids.year}-01-02`, amount_fen: 1, transfer_ref: '越权' },
    'POST /api/v1/me/subsidy-applications/{id}/resubmit': { school: '越权修改' },
    'POST /api/v1/employers/{id}/reject': { reason: '越权驳回' },
    'POST /api/v1/employers/{id}/staff': { phone: '13612340002', name: '越权人事' },
    'PUT /api/v1/job-postings/{id}': {
      title: '越权改写', kind: 'full_time', pay_unit: 'month', pay_min_fen: 100000, pay_max_fen: 200000, headcount: 1,
      address: '越权', lat: 30.2, lng: 120.1, contact_name: '越权', contact_phone: '0571-80000000',
    },
    'POST /api/v1/job-postings/{id}/return': { reason: '越权退回' },
    'POST /api/v1/job-postings/{id}/take-down': { reason: '越权下架' },
    'POST /api/v1/job-applications/{id}/move': { status: 'viewed' },
    'POST /api/v1/joining-applications/{id}/reject': { reason: '越权驳回' },
    'PUT /api/v1/job-fairs/{id}': { title: '越权改写', place: '越权', lat: 30.2, lng: 120.1, capacity: 5 },
    'POST /api/v1/job-fairs/{id}/check-in': { code: 'ABCDEFGHJK' },
    'POST /api/v1/mentors/{id}/slots': { place: '越权', slots: [{ starts_at: '2030-01-03T01:00:00Z', ends_at: '2030-01-03T02:00:00Z' }] },
    'POST /api/v1/mentors/{id}/bookings': { slot_id: ids.foreignMentorSlot },
    'PUT /api/v1/mentor-bookings/{id}/note': { note: '越权' },
    'PUT /api/v1/stations/{id}': { org_id: ids.district, name: '越权驿站', address: '越权', lat: 30.27, lng: 120.15, hours: { always_open: true } },
    'POST /api/v1/station-problems/{id}/fix': { note: '越权修复' },
    'POST /api/v1/station-problems/{id}/dismiss': { note: '越权驳回' },
    'PUT /api/v1/pairings/{id}': { org_id: ids.district, village: '越权村', region: '越权', started_on: '2026-01-02' },
    'POST /api/v1/pairings/{id}/households': { name: '越权', address: '越权' },
    'PUT /api/v1/pairings/{id}/households/{household_id}': { name: '越权', address: '越权' },
    'POST /api/v1/pairings/{id}/visits': { visited_on: '2026-01-02', visitors: '越权' },
    'POST /api/v1/pairings/{id}/needs': { category: 'other', title: '越权', target_quantity: 1, unit: '个' },
    'POST /api/v1/pairings/{id}/outcomes': { title: '越权', kind: 'other', evidence: '越权', recorded_on: '2026-01-02' },
    'PUT /api/v1/needs/{id}': { category: 'other', title: '越权', target_quantity: 1, unit: '个' },
    'POST /api/v1/needs/{id}/progress': { text: '越权' },
    'POST /api/v1/needs/{id}/reject': { reason: '越权' },
    'POST /api/v1/needs/{id}/fulfilments': { kind: 'fund', amount_fen: 1, recorded_on: '2026-01-02' },
    'POST /api/v1/needs/{id}/volunteer-tasks': { title: '越权', starts_at: '2030-01-02', slots: 1 },
    'PUT /api/v1/volunteer-tasks/{id}/volunteers/{member_id}': { minutes: 60 },
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
    `/api/v1/training/courses/${ids.foreignCourse}`, `/api/v1/training/courses/${ids.foreignCourse}/enrolments`,
    `/api/v1/training/sessions/${ids.foreignSession}/attendance`, `/api/v1/training/certificates/${ids.foreignCertificate}`,
    `/api/v1/subsidy-rounds/${ids.draftSubsidyRound}`, `/api/v1/subsidy-applications/${ids.foreignSubsidy}`,
    `/api/v1/subsidy-applications/${ids.ownSubsidy}`,
    `/api/v1/employers/${ids.foreignEmployer}`, `/api/v1/job-postings/${ids.foreignJob}`, `/api/v1/job-postings/${ids.submittedJob}`,
    `/api/v1/joining-applications/${ids.foreignJoining}`,
    `/api/v1/job-fairs/${ids.foreignFair}`, `/api/v1/mentors/${ids.foreignMentor}`,
    `/api/v1/stations/${ids.foreignStation}/manage`, `/api/v1/station-problems?station_id=${ids.foreignStation}`,
    `/api/v1/pairings/${ids.foreignPairing}/manage`, `/api/v1/volunteer-tasks/${ids.foreignTask}/volunteers`,
  ];
  const snapshot = {};
  for (const path of paths) snapshot[path] = await read(path);
  snapshot['other member vouchers'] = await read('/api/v1/me/vouchers', 'other member');
  snapshot['other member subsidy'] = await read(`/api/v1/me/subsidy-applications/${ids.otherSubsidy}`, 'other member');
  snapshot['other member entries'] = await read(`/api/v1/campaigns/${ids.booking}/my-entries`, 'other member');
  snapshot['other member alerts'] = await read('/api/v1/me/job-alerts', 'other member');
  snapshot['other member mentor bookings'] = await read('/api/v1/me/mentor-bookings', 'other member');
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
    ['POST', '/api/v1/job-fairs', {
      org_id: ids.foreignDistrict, title: '越权招聘会', place: '越权', lat: 30.2, lng: 120.1,
      starts_at: '2030-01-03T01:00:00Z', ends_at: '2030-01-03T05:00:00Z', capacity: 5,
    }, 'a fair for 城南区'],
    ['POST', '/api/v1/mentors', { org_id: ids.foreignDistrict, name: '越权导师', phone: '13312348888', kind: 'expert', title: '越权' }, 'a mentor of 城南区'],
    ['GET', `/api/v1/members?org_id=${ids.foreignBase}`, undefined, 'the members of a union in 城南区'],
    ['GET', `/api/v1/members/export.csv?org_id=${ids.foreignBase}`, undefined, 'the member export of a union in 城南区'],
    ['GET', `/api/v1/purchases?org_id=${ids.foreignDistrict}`, undefined, 'the purchases of 城南区'],
    ['GET', `/api/v1/points/grants?org_id=${ids.foreignDistrict}`, undefined, 'the grants of 城南区'],
    ['GET', `/api/v1/reports/impact?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区'],
    ['GET', `/api/v1/reports/impact.csv?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区 as CSV'],
    ['GET', `/api/v1/reports/impact.xlsx?org_id=${ids.foreignDistrict}`, undefined, 'the impact report of 城南区 as XLSX'],
    ['GET', `/api/v1/reports/impact/summary?org_id=${ids.foreignDistrict}`, undefined, 'the impact summary of 城南区'],
    ['GET', `/api/v1/reports/impact/records?org_id=${ids.foreignDistrict}&figure=purchases_fen`, undefined, 'the impact records of 城南区'],
    ['POST', '/api/v1/training/courses', {
      org_id: ids.foreignDistrict, title: '越权培训', category: 'other', teacher_name: '越权', mode: 'first_come', seats: 5,
      enrol_opens_at: '2030-01-01', enrol_closes_at: '2030-01-02',
      sessions: [{ starts_at: '2030-01-03T01:00:00Z', ends_at: '2030-01-03T03:00:00Z', place: '越权' }],
    }, 'a course of 城南区'],
    ['GET', `/api/v1/training/figures?org_id=${ids.foreignDistrict}`, undefined, 'the training figures of 城南区'],
    ['GET', `/api/v1/subsidy-applications?org_id=${ids.foreignDistrict}`, undefined, 'the 求学圆梦 applications of 城南区'],
    ['POST', '/api/v1/subsidy-rounds', { year: Number(ids.year) + 2, title: '越权轮次', levels: [{ level: 'bachelor', amount_fen: 1 }],
      windows: [{ opens_at: '2030-01-01', closes_at: '2030-02-01' }], quotas: [{ org_id: ids.district, quota: 1 }] }, 'a 求学圆梦 round'],
    ['GET', `/api/v1/subsidy-rounds/${ids.subsidyRound}/payouts.xlsx`, undefined, 'the payout list with full account numbers'],
    ['GET', `/api/v1/job-figures?org_id=${ids.foreignDistrict}`, undefined, 'the job figures of 城南区'],
    ['POST', '/api/v1/stations', { org_id: ids.foreignDistrict, name: '越权驿站', address: '越权', lat: 30.27, lng: 120.15, hours: { always_open: true } }, 'a station of 城南区'],
    ['GET', `/api/v1/stations/manage?org_id=${ids.foreignDistrict}`, undefined, 'the stations of 城南区'],
    ['GET', `/api/v1/stations/figures?org_id=${ids.foreignDistrict}`, undefined, 'the station figures of 城南区'],
    ['GET', `/api/v1/station-problems?station_id=${ids.foreignStation}`, undefined, 'the problems at a station of 城南区'],
    ['POST', '/api/v1/stations/imports', { file_name: 'x.csv', csv: `名称,地址,工会,纬度,经度\n越权驿站,越权,${ids.foreignBase},30.27,120.15\n` },
      'stations for a union in 城南区', outOfScopeRows],
    ['POST', '/api/v1/pairings', { org_id: ids.foreignDistrict, village: '越权村', region: '越权', started_on: '2026-01-02' }, 'a pairing of 城南区'],
    ['GET', `/api/v1/pairings/figures?org_id=${ids.foreignDistrict}`, undefined, 'the help-list figures of 城南区'],
    ['POST', `/api/v1/needs/${ids.ownNeed}/fulfilments`, { kind: 'purchase', purchase_id: ids.foreignPurchase, recorded_on: '2026-01-02' }, 'a purchase of 城南区 meeting an own need'],
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
