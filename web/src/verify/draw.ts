// Recomputes a gonghui-draw-v1 lottery from its public audit bundle (docs/draw.md), in the
// browser, independently of the server: commitment, entries digest, seed and every winner.

export interface BundleEntry {
  entry_id: string;
  member_ref: string;
  tickets: number;
}
export interface BundlePrize {
  tier: number;
  name: string;
  quantity: number;
}
export interface BundleWinner {
  tier: number;
  entry_id: string;
  member_ref: string;
}
export interface AuditBundle {
  algorithm: string;
  campaign_id: string;
  commitment: string;
  secret: string;
  beacon_source?: string;
  beacon_value: string;
  entries: BundleEntry[];
  entries_digest: string;
  seed: string;
  prizes: BundlePrize[];
  one_prize_per_member: boolean;
  winners: BundleWinner[];
}

// One mismatch, as a message key with the values it names.
export interface Mismatch {
  key: 'algorithm' | 'secret' | 'commitment' | 'order' | 'digest' | 'seed' | 'winnerCount' | 'winner';
  published?: string;
  recomputed?: string;
  index?: number;
}

export interface Verification {
  verified: boolean;
  mismatches: Mismatch[];
  winners: BundleWinner[]; // as recomputed
}

const encoder = new TextEncoder();

type Bytes = Uint8Array<ArrayBuffer>;

async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

function hex(bytes: Bytes): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(text: string): Bytes | null {
  if (!/^([0-9a-f]{2})*$/i.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// The stream of 64-bit words: block i = SHA-256(seed ‖ i as 8 bytes big-endian).
class Words {
  private block = 0n;
  private words: bigint[] = [];
  constructor(private readonly seed: Bytes) {}
  async next(): Promise<bigint> {
    if (this.words.length === 0) {
      const counter = new Uint8Array(8);
      new DataView(counter.buffer).setBigUint64(0, this.block, false);
      this.block += 1n;
      const digest = await sha256(concat(this.seed, counter));
      const view = new DataView(digest.buffer);
      this.words = [0, 8, 16, 24].map((offset) => view.getBigUint64(offset, false));
    }
    return this.words.shift() as bigint;
  }
}

const TWO_64 = 1n << 64n;

async function uniform(words: Words, n: number): Promise<number> {
  const big = BigInt(n);
  const limit = TWO_64 - (TWO_64 % big);
  for (;;) {
    const w = await words.next();
    if (w < limit) return Number(w % big);
  }
}

export async function verifyBundle(bundle: AuditBundle): Promise<Verification> {
  const mismatches: Mismatch[] = [];
  if (bundle.algorithm !== 'gonghui-draw-v1') {
    mismatches.push({ key: 'algorithm', published: bundle.algorithm, recomputed: 'gonghui-draw-v1' });
    return { verified: false, mismatches, winners: [] };
  }
  const secret = fromHex(bundle.secret);
  if (!secret || secret.length !== 32) {
    mismatches.push({ key: 'secret', published: bundle.secret });
    return { verified: false, mismatches, winners: [] };
  }
  const commitment = hex(await sha256(secret));
  if (commitment !== bundle.commitment) {
    mismatches.push({ key: 'commitment', published: bundle.commitment, recomputed: commitment });
  }
  for (let i = 1; i < bundle.entries.length; i += 1) {
    if (BigInt(bundle.entries[i - 1]!.entry_id) >= BigInt(bundle.entries[i]!.entry_id)) {
      mismatches.push({ key: 'order', index: i });
      break;
    }
  }
  const lines = bundle.entries.map((e) => `${e.entry_id}\t${e.member_ref}\t${e.tickets}\n`).join('');
  const digestBytes = await sha256(encoder.encode(lines));
  const digest = hex(digestBytes);
  if (digest !== bundle.entries_digest) {
    mismatches.push({ key: 'digest', published: bundle.entries_digest, recomputed: digest });
  }
  const seedBytes = await sha256(concat(secret, digestBytes, encoder.encode(bundle.beacon_value ?? '')));
  const seed = hex(seedBytes);
  if (seed !== bundle.seed) {
    mismatches.push({ key: 'seed', published: bundle.seed, recomputed: seed });
  }

  // Prizes in tier order, each `quantity` times; tickets by entry index; partial shuffle.
  const slots = [...bundle.prizes]
    .sort((a, b) => a.tier - b.tier)
    .flatMap((prize) => Array.from({ length: prize.quantity }, () => prize.tier));
  const tickets: number[] = [];
  bundle.entries.forEach((entry, index) => {
    for (let t = 0; t < entry.tickets; t += 1) tickets.push(index);
  });
  const words = new Words(seedBytes);
  const winners: BundleWinner[] = [];
  const won = new Set<string>();
  for (let k = 0; k < tickets.length && winners.length < slots.length; k += 1) {
    const j = k + (await uniform(words, tickets.length - k));
    const candidate = tickets[j]!;
    tickets[j] = tickets[k]!;
    tickets[k] = candidate;
    const entry = bundle.entries[candidate]!;
    if (bundle.one_prize_per_member && won.has(entry.member_ref)) continue;
    won.add(entry.member_ref);
    winners.push({ tier: slots[winners.length]!, entry_id: entry.entry_id, member_ref: entry.member_ref });
  }
  if (winners.length !== bundle.winners.length) {
    mismatches.push({ key: 'winnerCount', published: String(bundle.winners.length), recomputed: String(winners.length) });
  }
  winners.forEach((winner, index) => {
    const published = bundle.winners[index];
    if (
      !published ||
      published.entry_id !== winner.entry_id ||
      published.tier !== winner.tier ||
      published.member_ref !== winner.member_ref
    ) {
      mismatches.push({
        key: 'winner',
        index: index + 1,
        published: published ? `${published.tier}/${published.entry_id}` : '—',
        recomputed: `${winner.tier}/${winner.entry_id}`,
      });
    }
  });
  return { verified: mismatches.length === 0, mismatches, winners };
}
