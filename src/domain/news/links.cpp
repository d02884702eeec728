// Links from articles and profiles to campaigns, merchants, products, profiles, articles and
// help-list pairings
// (checked when saved, titled when read), and the checks every input makes.
#include <set>
#include <utility>

#include "core/id.hpp"
#include "core/json.hpp"
#include "domain/news/internal.hpp"

namespace gonghui::news::internal {

namespace bj = boost::json;

namespace {

// A merchant `m` members see: signed and in contract at the time given twice.
constexpr std::string_view kMerchantLive =
    "m.suspended = 0 AND m.contract_start <= ? AND m.contract_end > ?";

// The table each kind of target lives in.
std::string_view table_of(LinkKind kind) {
  switch (kind) {
    case LinkKind::kCampaign:
      return "campaigns";
    case LinkKind::kMerchant:
      return "merchants";
    case LinkKind::kProduct:
      return "products";
    case LinkKind::kModelWorker:
      return "model_workers";
    case LinkKind::kArticle:
      return "news_articles";
    case LinkKind::kPairing:
      return "helplist_pairings";
  }
  return "";
}

// The target's title for an admin, or for a reader only when they may see it: a signed
// merchant in contract, a live product of one, a published or drawn campaign, a published
// article or profile of a union the reader sees. nullopt: hidden or gone.
Result<std::optional<Link>> title_of(store::Tx& tx, const LinkRef& ref, const Viewer* viewer,
                                     int64_t now) {
  const bool admin = viewer == nullptr;
  store::Rows rows;
  Link link{ref.kind, ref.id, "", 0};
  switch (ref.kind) {
    case LinkKind::kCampaign: {
      GH_ASSIGN(rows, tx.query("SELECT title FROM campaigns WHERE id = ? AND (? = 1 OR status IN "
                               "('published', 'drawn'))",
                               {ref.id, int64_t{admin}}));
      break;
    }
    case LinkKind::kMerchant: {
      GH_ASSIGN(rows, tx.query("SELECT m.name FROM merchants m WHERE m.id = ? AND (? = 1 OR (" +
                                   std::string(kMerchantLive) + "))",
                               {ref.id, int64_t{admin}, now, now}));
      break;
    }
    case LinkKind::kProduct: {
      GH_ASSIGN(rows, tx.query("SELECT p.name, m.id FROM products p JOIN merchants m "
                               "ON m.id = p.merchant_id WHERE p.id = ? AND (? = 1 OR "
                               "(p.withdrawn = 0 AND " +
                                   std::string(kMerchantLive) + "))",
                               {ref.id, int64_t{admin}, now, now}));
      if (!rows.empty()) link.merchant_id = rows[0].integer(1);
      break;
    }
    case LinkKind::kPairing: {
      // Pairings are public in aggregate: every reader sees the village's name.
      GH_ASSIGN(rows, tx.query("SELECT village FROM helplist_pairings WHERE id = ?", {ref.id}));
      break;
    }
    case LinkKind::kModelWorker:
    case LinkKind::kArticle: {
      const bool article = ref.kind == LinkKind::kArticle;
      GH_ASSIGN(rows,
                tx.query(std::string("SELECT t.") + (article ? "title" : "name") +
                             ", o.id, o.path, t.status FROM " + std::string(table_of(ref.kind)) +
                             " t JOIN orgs o ON o.id = t.org_id WHERE t.id = ?",
                         {ref.id}));
      if (!admin && !rows.empty() &&
          (rows[0].text(3) != "published" || !sees(*viewer, rows[0].integer(1), rows[0].text(2)))) {
        rows.clear();
      }
      break;
    }
  }
  if (rows.empty()) {
    return admin ? std::optional<Link>(link) : std::optional<Link>();
  }
  link.title = rows[0].text(0);
  return std::optional<Link>(std::move(link));
}

}  // namespace

Result<std::vector<LinkRef>> checked_links(store::Tx& tx, const std::vector<LinkRef>& links) {
  if (links.size() > kMaxLinks) {
    return Error::invalid("links", "too_many", "at most 20 links");
  }
  std::vector<LinkRef> out;
  std::set<std::pair<LinkKind, int64_t>> seen;
  for (const LinkRef& link : links) {
    if (!seen.insert({link.kind, link.id}).second) continue;
    GH_ASSIGN(
        store::Rows rows,
        tx.query("SELECT 1 FROM " + std::string(table_of(link.kind)) + " WHERE id = ?", {link.id}));
    if (rows.empty()) {
      return Error{ErrorKind::kUnprocessable, "unknown_link",
                   "no " + std::string(enum_name(link.kind)) + " has id " + id_string(link.id),
                   "links"};
    }
    out.push_back(link);
  }
  return out;
}

Status write_links(store::Tx& tx, ItemType type, int64_t id, const std::vector<LinkRef>& links) {
  const std::string item_type(enum_name(type));
  GH_TRY(tx.exec("DELETE FROM news_links WHERE item_type = ? AND item_id = ?", {item_type, id}));
  int64_t position = 0;
  for (const LinkRef& link : links) {
    GH_TRY(
        tx.exec("INSERT INTO news_links (item_type, item_id, position, kind, target_id) "
                "VALUES (?, ?, ?, ?, ?)",
                {item_type, id, position++, std::string(enum_name(link.kind)), link.id}));
  }
  return Status::Ok();
}

Result<std::vector<LinkRef>> read_links(store::Tx& tx, ItemType type, int64_t id) {
  GH_ASSIGN(store::Rows rows, tx.query("SELECT kind, target_id FROM news_links "
                                       "WHERE item_type = ? AND item_id = ? ORDER BY position",
                                       {std::string(enum_name(type)), id}));
  std::vector<LinkRef> out;
  for (const store::Row& row : rows) {
    if (auto kind = parse_enum<LinkKind>(row.text(0))) {
      out.push_back({*kind, row.integer(1)});
    }
  }
  return out;
}

Result<std::vector<Link>> titled(store::Tx& tx, const std::vector<LinkRef>& links,
                                 const Viewer* viewer, int64_t now) {
  std::vector<Link> out;
  for (const LinkRef& ref : links) {
    GH_ASSIGN(std::optional<Link> link, title_of(tx, ref, viewer, now));
    if (link) out.push_back(std::move(*link));
  }
  return out;
}

bj::array links_json(const std::vector<LinkRef>& links) {
  bj::array out;
  for (const LinkRef& link : links) {
    out.push_back(bj::object{{"kind", enum_name(link.kind)}, {"id", link.id}});
  }
  return out;
}

Result<std::vector<LinkRef>> links_from_json(const bj::value& value) {
  std::vector<LinkRef> out;
  if (!value.is_array()) return out;
  for (const bj::value& item : value.get_array()) {
    if (!item.is_object()) continue;
    auto kind = parse_enum<LinkKind>(content_text(item.get_object(), "kind"));
    if (kind) out.push_back({*kind, content_integer(item.get_object(), "id")});
  }
  return out;
}

Status check_text(std::string_view field, const std::string& text, size_t min_chars,
                  size_t max_chars) {
  const size_t chars = json::count_code_points(text);
  if (chars < min_chars) {
    return Error::invalid(std::string(field), "required", std::string(field) + " is required");
  }
  if (chars > max_chars) {
    return Error::invalid(
        std::string(field), "too_long",
        std::string(field) + " must be at most " + std::to_string(max_chars) + " characters");
  }
  return Status::Ok();
}

Status check_photo(store::Tx& tx, std::string_view field, int64_t photo_id) {
  if (photo_id == 0) return Status::Ok();
  GH_ASSIGN(store::Rows rows, tx.query("SELECT 1 FROM photos WHERE id = ?", {photo_id}));
  if (rows.empty()) {
    return Error::invalid(std::string(field), "unknown_photo", "no photo has that id");
  }
  return Status::Ok();
}

Status check_reason(const std::string& reason) {
  return check_text("reason", reason, 1, kMaxReasonChars);
}

}  // namespace gonghui::news::internal
