// What the 求学圆梦 browser tests share: a round opened through the API for the demo districts,
// documents to upload (a small PDF and a 1×1 PNG) and applications made through the API.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { apiAs, demo } from './browser.mjs';

// The base union admin of 市第一人民医院工会, where the demo member 陈晓梅 is.
export const baseAdmin = '13800000011';

// Demo members of 市第一人民医院工会 besides 陈晓梅 (every twelfth demo member is there).
export const hospitalMembers = ['13900000013', '13900000025'];

// A PDF as the server tells one: its header, and %%EOF at its end.
export function pdfBytes(text = '学籍在线验证报告') {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

export const pngBytes = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082',
  'hex',
);

// A round for the three levels (大专 1,000 元, 本科 1,500 元, 研究生 2,000 元), open now for a week,
// every demo district taking part with `quota` places, open to every member; opened unless
// `open` is false. Answers the round as the API does.
export async function createRound(url, { title, quota = 10, open = true } = {}) {
  const admin = await apiAs(url, demo.platformAdmin);
  const orgs = (await admin.get('/orgs')).body.items;
  const root = orgs.find((org) => !org.parent_id);
  const districts = orgs.filter((org) => org.parent_id === root.id);
  const created = await admin.post(
    '/subsidy-rounds',
    {
      year: new Date().getFullYear(),
      title,
      description: '资助一线职工提升学历。',
      windows: [{ opens_at: new Date(Date.now() - 3600000).toISOString(), closes_at: new Date(Date.now() + 7 * 86400000).toISOString() }],
      levels: [
        { level: 'junior_college', amount_fen: 100000 },
        { level: 'bachelor', amount_fen: 150000 },
        { level: 'postgraduate', amount_fen: 200000 },
      ],
      quotas: districts.map((district) => ({ org_id: district.id, quota })),
      frontline_only: false,
      min_membership_months: 0,
    },
    randomUUID(),
  );
  assert.equal(created.status, 201, JSON.stringify(created.body));
  if (!open) return created.body;
  const opened = await admin.post(`/subsidy-rounds/${created.body.id}/open`);
  assert.equal(opened.status, 200, JSON.stringify(opened.body));
  return opened.body;
}

// Uploads a document as `session` (apiAs) and answers its id.
export async function uploadDocument(url, session, bytes = pdfBytes(), contentType = 'application/pdf') {
  const response = await fetch(`${url}/api/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': contentType },
    body: bytes,
  });
  const body = await response.json();
  assert.equal(response.status, 201, JSON.stringify(body));
  return body.id;
}

// The levels `phone` may apply for in the round now.
export async function eligibleLevels(url, phone, roundId) {
  const member = await apiAs(url, phone);
  const round = (await member.get('/me/subsidy-rounds')).body.items.find((item) => item.id === roundId);
  assert.ok(round, `round ${roundId} is shown to ${phone}`);
  return round.levels.filter((level) => level.eligible).map((level) => level.level);
}

// `phone` applies in the round for its first eligible level (or `level`); answers the application.
export async function applyAs(url, phone, roundId, { level, school = '江城开放大学', major = '护理学' } = {}) {
  const member = await apiAs(url, phone);
  const chosen = level ?? (await eligibleLevels(url, phone, roundId))[0];
  assert.ok(chosen, `${phone} may apply for some level`);
  const documentId = await uploadDocument(url, member);
  const applied = await member.post(
    '/me/subsidy-applications',
    {
      round_id: roundId,
      level: chosen,
      school,
      major,
      document_id: documentId,
      bank_name: '中国工商银行江城支行',
      account_no: `6222${phone.slice(-8)}0000123`,
      account_holder: '测试户名',
    },
    randomUUID(),
  );
  assert.equal(applied.status, 201, JSON.stringify(applied.body));
  return applied.body;
}
