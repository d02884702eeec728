// gonghui-draw-v1: entry digest, seed, word stream, partial Fisher-Yates and bundle check.
#include "domain/campaign/draw.hpp"

#include <sodium.h>

#include <algorithm>
#include <set>
#include <unordered_set>

#include <boost/json.hpp>

#include "core/crypto.hpp"

namespace gonghui::campaign {

std::string entry_lines(const std::vector<DrawEntry>& entries) {
  std::string out;
  out.reserve(entries.size() * 40);
  for (const auto& e : entries) {
    out += std::to_string(e.entry_id);
    out += '\t';
    out += e.member_ref;
    out += '\t';
    out += std::to_string(e.tickets);
    out += '\n';
  }
  return out;
}

uint64_t DrawWords::next() {
  if (used_ == 4) {
    // Hashing seed ‖ counter directly (no string building) keeps a million draws fast.
    unsigned char counter[8];
    for (int b = 0; b < 8; ++b) {
      counter[b] = static_cast<unsigned char>(block_index_ >> (56 - 8 * b));
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(seed_.data()),
                              seed_.size());
    crypto_hash_sha256_update(&state, counter, sizeof counter);
    crypto_hash_sha256_final(&state, block_);
    ++block_index_;
    used_ = 0;
  }
  uint64_t w = 0;
  for (int b = 0; b < 8; ++b) {
    w = (w << 8) | block_[used_ * 8 + b];
  }
  ++used_;
  return w;
}

uint64_t DrawWords::uniform(uint64_t n) {
  const uint64_t remainder = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const uint64_t w = next();
    // Reject w >= 2^64 - remainder; when remainder is 0 every word is unbiased.
    if (remainder == 0 || w < 0 - remainder) {
      return w % n;
    }
  }
}

DrawResult run_draw(const DrawInput& input) {
  DrawResult result;
  result.commitment = crypto::sha256_hex(input.secret);
  const std::string digest = crypto::sha256(entry_lines(input.entries));
  result.entries_digest = crypto::hex(digest);
  const std::string seed = crypto::sha256(input.secret + digest + input.beacon);
  result.seed = crypto::hex(seed);

  std::vector<DrawPrize> prizes = input.prizes;
  std::stable_sort(prizes.begin(), prizes.end(),
                   [](const DrawPrize& a, const DrawPrize& b) { return a.tier < b.tier; });
  int64_t slots = 0;
  for (const auto& p : prizes) {
    slots += std::max<int64_t>(p.quantity, 0);
  }
  std::vector<uint32_t> tickets;
  for (size_t i = 0; i < input.entries.size(); ++i) {
    tickets.insert(tickets.end(),
                   static_cast<size_t>(std::max<int64_t>(input.entries[i].tickets, 0)),
                   static_cast<uint32_t>(i));
  }
  DrawWords words(seed);
  std::unordered_set<std::string> won;
  size_t prize = 0;
  int64_t filled_in_tier = 0;
  result.winners.reserve(static_cast<size_t>(std::min<int64_t>(slots, tickets.size())));
  for (size_t k = 0; k < tickets.size() && prize < prizes.size(); ++k) {
    const size_t j = k + static_cast<size_t>(words.uniform(tickets.size() - k));
    std::swap(tickets[k], tickets[j]);
    const DrawEntry& candidate = input.entries[tickets[k]];
    if (input.one_prize_per_member && !won.insert(candidate.member_ref).second) {
      continue;
    }
    while (prize < prizes.size() && filled_in_tier >= prizes[prize].quantity) {
      ++prize;
      filled_in_tier = 0;
    }
    if (prize == prizes.size()) {
      break;
    }
    result.winners.push_back({prizes[prize].tier, candidate.entry_id, candidate.member_ref});
    ++filled_in_tier;
    if (filled_in_tier >= prizes[prize].quantity) {
      ++prize;
      filled_in_tier = 0;
      while (prize < prizes.size() && prizes[prize].quantity <= 0) {
        ++prize;
      }
    }
  }
  return result;
}

namespace {

namespace bj = boost::json;

std::string text_of(const bj::object& o, std::string_view key) {
  const bj::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

int64_t int_of(const bj::value* v) {
  if (v == nullptr) {
    return 0;
  }
  if (v->is_int64()) {
    return v->as_int64();
  }
  if (v->is_uint64()) {
    return static_cast<int64_t>(v->as_uint64());
  }
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->as_string()));
    } catch (...) {
      return 0;
    }
  }
  return 0;
}

}  // namespace

std::vector<std::string> verify_bundle(const bj::value& bundle) {
  std::vector<std::string> problems;
  if (!bundle.is_object()) {
    return {"the bundle is not a JSON object"};
  }
  const bj::object& b = bundle.as_object();
  if (text_of(b, "algorithm") != kDrawAlgorithm) {
    problems.push_back("algorithm is not " + std::string(kDrawAlgorithm));
  }
  DrawInput input;
  if (!crypto::unhex(text_of(b, "secret"), input.secret) || input.secret.size() != 32) {
    problems.push_back("secret is not 64 hex characters");
  }
  input.beacon = text_of(b, "beacon_value");
  const bj::value* one = b.if_contains("one_prize_per_member");
  input.one_prize_per_member = one == nullptr || !one->is_bool() || one->as_bool();
  const bj::value* entries = b.if_contains("entries");
  if (entries && entries->is_array()) {
    for (const auto& e : entries->as_array()) {
      if (!e.is_object()) {
        problems.push_back("an entry is not an object");
        continue;
      }
      const auto& o = e.as_object();
      DrawEntry entry{int_of(o.if_contains("entry_id")), text_of(o, "member_ref"),
                      int_of(o.if_contains("tickets"))};
      if (!input.entries.empty() && entry.entry_id <= input.entries.back().entry_id) {
        problems.push_back("entries are not in ascending entry_id order at entry " +
                           std::to_string(entry.entry_id));
      }
      input.entries.push_back(std::move(entry));
    }
  } else {
    problems.push_back("entries is missing");
  }
  const bj::value* prizes = b.if_contains("prizes");
  if (prizes && prizes->is_array()) {
    for (const auto& p : prizes->as_array()) {
      if (p.is_object()) {
        const auto& o = p.as_object();
        input.prizes.push_back(
            {int_of(o.if_contains("tier")), text_of(o, "name"), int_of(o.if_contains("quantity"))});
      }
    }
  } else {
    problems.push_back("prizes is missing");
  }
  const DrawResult r = run_draw(input);
  auto compare = [&](std::string_view field, const std::string& computed) {
    const std::string published = text_of(b, field);
    if (published != computed) {
      problems.push_back(std::string(field) + " does not match: published " + published +
                         ", recomputed " + computed);
    }
  };
  compare("commitment", r.commitment);
  compare("entries_digest", r.entries_digest);
  compare("seed", r.seed);
  std::vector<DrawWinner> published;
  if (const bj::value* w = b.if_contains("winners"); w && w->is_array()) {
    for (const auto& item : w->as_array()) {
      if (item.is_object()) {
        const auto& o = item.as_object();
        published.push_back({int_of(o.if_contains("tier")), int_of(o.if_contains("entry_id")),
                             text_of(o, "member_ref")});
      }
    }
  }
  const size_t n = std::max(published.size(), r.winners.size());
  int shown = 0;
  for (size_t i = 0; i < n; ++i) {
    const DrawWinner* p = i < published.size() ? &published[i] : nullptr;
    const DrawWinner* c = i < r.winners.size() ? &r.winners[i] : nullptr;
    auto describe = [](const DrawWinner* w) {
      return w ? "tier " + std::to_string(w->tier) + " entry " + std::to_string(w->entry_id) +
                     " (" + w->member_ref + ")"
               : std::string("nothing");
    };
    if (!p || !c || !(*p == *c)) {
      if (shown++ < 20) {
        problems.push_back("winner " + std::to_string(i + 1) + " does not match: published " +
                           describe(p) + ", recomputed " + describe(c));
      }
    }
  }
  return problems;
}

}  // namespace gonghui::campaign
