// Scheduled publishing: a sweep, run on every instance, that publishes what is due exactly
// once however many instances sweep at the same moment.
#include "core/id.hpp"
#include "domain/audit/audit.hpp"
#include "domain/news/internal.hpp"

namespace gonghui::news {
namespace {

// At most this many items of a kind per sweep; the next sweep takes the rest.
constexpr int64_t kSweepBatch = 200;

// Publishes one item if it is still scheduled and due. On PostgreSQL a second instance's
// UPDATE waits for the first one's row lock, then finds the item published and changes
// nothing, so only the first records the step.
Result<bool> publish_one(store::Tx& tx, ItemType type, int64_t id, int64_t now) {
  const internal::Kind& kind = internal::kind_of(type);
  GH_ASSIGN(int64_t changed,
            tx.exec("UPDATE " + std::string(kind.table) +
                        " SET status = 'published', published_at = publish_at, publish_at = 0, "
                        "updated_at = ? WHERE id = ? AND status = 'scheduled' AND publish_at <= ?",
                    {now, id, now}));
  if (changed != 1) {
    return false;
  }
  GH_ASSIGN(Review review, internal::load_review(tx, type, id));
  GH_TRY(internal::touch_news(tx));
  Principal system;
  system.name = "system";
  const std::string type_name(enum_name(type));
  GH_TRY(audit::record(tx, system, type_name + ".published", type_name, id_string(id),
                       review.org_id, boost::json::object{{"status", "scheduled"}},
                       boost::json::object{{"status", "published"}}));
  return true;
}

}  // namespace

Result<int64_t> publish_due(store::Db& db, int64_t now) {
  int64_t published = 0;
  for (ItemType type : {ItemType::kArticle, ItemType::kModelWorker}) {
    store::Rows due;
    GH_TRY(db.read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(due, tx.query("SELECT id FROM " + std::string(internal::kind_of(type).table) +
                                  " WHERE status = 'scheduled' AND publish_at <= ? "
                                  "ORDER BY publish_at LIMIT ?",
                              {now, kSweepBatch}));
      return Status::Ok();
    }));
    for (const store::Row& row : due) {
      bool done = false;
      GH_TRY(db.write([&](store::Tx& tx) -> Status {
        GH_ASSIGN(done, publish_one(tx, type, row.integer(0), now));
        return Status::Ok();
      }));
      published += done ? 1 : 0;
    }
  }
  return published;
}

}  // namespace gonghui::news
