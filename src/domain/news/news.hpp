// 工会资讯 and 劳模工匠: news articles and model workers' profiles, written by union admins,
// reviewed by another admin of the same or a higher union and read by members. Both go
// through one review workflow (draft → submitted → approved → published, or scheduled and
// published by a sweep → withdrawn); an edit of what is live waits as a revision until it is
// approved. What the city federation publishes everyone sees, anonymous callers included;
// what a lower union publishes only its own subtree's members and the admins above it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/principal.hpp"
#include "store/db.hpp"
#include "store/migrate.hpp"
#include "text/search_cache.hpp"

namespace gonghui::news {

// ---- Names on the wire and in the tables ------------------------------------------------------

// 工会动态, 通知公告, 政策解读, 劳模风采, 助农活动.
enum class Category { kUnionNews, kNotice, kPolicy, kModelWorker, kFarmAid };
inline constexpr EnumNames<Category, 5> kCategoryNames{
    {"union_news", "notice", "policy", "model_worker", "farm_aid"}, Category::kUnionNews};
constexpr const auto& enum_names(Category) { return kCategoryNames; }

// 草稿, 待审核, 已审核, 定时发布, 已发布, 已撤下: one workflow for articles and profiles.
enum class ItemStatus { kDraft, kSubmitted, kApproved, kScheduled, kPublished, kWithdrawn };
inline constexpr EnumNames<ItemStatus, 6> kItemStatusNames{
    {"draft", "submitted", "approved", "scheduled", "published", "withdrawn"}, ItemStatus::kDraft};
constexpr const auto& enum_names(ItemStatus) { return kItemStatusNames; }

// 全国劳动模范, 省劳动模范, 市劳动模范, 全国脱贫攻坚模范, 工匠, 其他.
enum class Level { kNational, kProvincial, kCity, kPovertyModel, kCraftsman, kOther };
inline constexpr EnumNames<Level, 6> kLevelNames{
    {"national", "provincial", "city", "poverty_model", "craftsman", "other"}, Level::kOther};
constexpr const auto& enum_names(Level) { return kLevelNames; }

// What an article or a profile may link to (later issues add courses and villages; the
// table does not constrain the kind, so adding one needs no migration).
// kPairing: a 结对共建 village of the help lists (domain/helplist), whose page lists the model
// workers who link to it.
enum class LinkKind { kCampaign, kMerchant, kProduct, kModelWorker, kArticle, kPairing };
inline constexpr EnumNames<LinkKind, 6> kLinkKindNames{
    {"campaign", "merchant", "product", "model_worker", "article", "pairing"}, LinkKind::kCampaign};
constexpr const auto& enum_names(LinkKind) { return kLinkKindNames; }

// The two kinds of item the workflow moves; also the audit log's target type and the
// prefix of its actions (article.published, model_worker.published …).
enum class ItemType { kArticle, kModelWorker };
inline constexpr EnumNames<ItemType, 2> kItemTypeNames{{"article", "model_worker"},
                                                       ItemType::kArticle};
constexpr const auto& enum_names(ItemType) { return kItemTypeNames; }

// ---- Limits ------------------------------------------------------------------------------------

inline constexpr size_t kMaxTitleChars = 80;
inline constexpr size_t kMaxSummaryChars = 200;
inline constexpr size_t kMaxBodyBytes = 50'000;
inline constexpr size_t kMaxLinks = 20;
inline constexpr size_t kMaxReasonChars = 200;
inline constexpr int64_t kMaxScheduleMs = 366LL * 24 * 3600 * 1000;  // a year ahead at most
inline constexpr size_t kMaxNameChars = 40;
inline constexpr size_t kMaxHonourChars = 60;
inline constexpr size_t kMaxFieldChars = 40;
inline constexpr size_t kMaxIntroChars = 200;
inline constexpr int64_t kFirstHonourYear = 1950;
inline constexpr size_t kMaxStudioNameChars = 60;
inline constexpr int64_t kMaxStudioMembers = 10'000;
inline constexpr size_t kMaxStudioAddressChars = 120;
inline constexpr size_t kMaxAchievementsChars = 5'000;
inline constexpr size_t kMaxImportBytes = 200'000;
inline constexpr int64_t kMaxPageSize = 100;
inline constexpr size_t kMaxPinned = 5;

std::vector<store::Migration> migrations();  // versions 900-919

// ---- What items hold ----------------------------------------------------------------------

struct LinkRef {
  LinkKind kind = LinkKind::kMerchant;
  int64_t id = 0;
};
struct Link {
  LinkKind kind = LinkKind::kMerchant;
  int64_t id = 0;
  std::string title;        // the target's title or name ("" if it no longer exists)
  int64_t merchant_id = 0;  // for a product: its merchant, whose page shows it
};

// The review state of an article or a profile.
struct Review {
  int64_t org_id = 0;  // the publishing union
  std::string org_name;
  ItemStatus status = ItemStatus::kDraft;
  int64_t author_account_id = 0;  // who last wrote the content
  std::string author_name;
  int64_t submitted_by = 0;  // who submitted it for review (0: not submitted)
  std::string return_reason;
  std::string withdraw_reason;
  int64_t publish_at = 0;    // when scheduled: when the sweep publishes it
  int64_t published_at = 0;  // 0: never published
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// The state of a pending revision of a published item; kNone ("") when there is none.
enum class RevisionStatus { kNone, kDraft, kSubmitted };
inline constexpr EnumNames<RevisionStatus, 3> kRevisionStatusNames{{"", "draft", "submitted"},
                                                                   RevisionStatus::kNone};
constexpr const auto& enum_names(RevisionStatus) { return kRevisionStatusNames; }

// A pending edit of a published item, reviewed on its own while the live version stays.
struct RevisionState {
  RevisionStatus status = RevisionStatus::kNone;
  // Who wrote it: they may not approve it, nor may the one who submitted it.
  int64_t author_account_id = 0;
  std::string author_name;
  int64_t submitted_by = 0;
  std::string return_reason;
  int64_t updated_at = 0;
};

// One audited step of an item, oldest first: the audit action (article.submitted …), who
// took it ("system" for the scheduled sweep), when, and the reason given for a return or a
// withdrawal.
struct Step {
  std::string action;
  std::string actor_name;
  int64_t at = 0;
  std::string reason;
};

struct ArticleInput {
  std::string title;    // 1..80 characters
  std::string summary;  // 0..200 characters
  std::string body;     // Markdown, 1..50,000 bytes
  Category category = Category::kUnionNews;
  int64_t org_id = 0;          // the publishing union, in the author's scope
  int64_t cover_photo_id = 0;  // 0: none
  bool pinned = false;         // a pinned notice is shown as a banner
  std::vector<LinkRef> links;  // at most 20, each existing
};

// 劳模创新工作室.
struct Studio {
  std::string name;          // 1..60 characters
  int64_t members = 0;       // 0..10,000
  std::string address;       // 0..120 characters
  std::string achievements;  // Markdown, 0..5,000 characters
};

struct ModelWorkerInput {
  std::string name;    // 1..40 characters
  std::string honour;  // 1..60, e.g. 全国劳动模范
  Level level = Level::kOther;
  int64_t honour_year = 0;  // 1950..this year
  int64_t org_id = 0;
  std::string field;  // 1..40, e.g. 农机制造
  int64_t photo_id = 0;
  std::string intro;             // plain text, 0..200
  int64_t story_article_id = 0;  // an article of the admin's scope, any status; 0: none
  std::optional<Studio> studio;
  std::vector<LinkRef> links;
};

// A pending edit of a published item: its state, content and the content's links titled.
template <class Content>
struct Revision {
  RevisionState state;
  Content content;
  std::vector<Link> links;
};

// An article or a profile as admins see it. A list fills id … revision_status; the detail
// (article_for_admin, model_worker_for_admin) also revision, steps and can_approve.
template <class Content>
struct Reviewed {
  int64_t id = 0;
  Content content;
  Review review;
  std::vector<Link> links;  // content.links titled
  RevisionStatus revision_status = RevisionStatus::kNone;
  std::optional<Revision<Content>> revision;
  std::vector<Step> steps;
  bool can_approve = false;  // for the caller: submitted, in scope, and not their own
  int64_t read_count = 0;    // articles: distinct signed-in readers
};
using Article = Reviewed<ArticleInput>;
using ModelWorker = Reviewed<ModelWorkerInput>;

// ---- Pages --------------------------------------------------------------------------------------

struct PageRequest {
  int64_t page = 1;  // from 1
  int64_t page_size = 20;
};
template <class T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
  int64_t page = 1;
  int64_t page_size = 20;
};

struct ManageFilter {
  std::optional<ItemStatus> status;
  std::optional<Category> category;  // articles
  std::optional<Level> level;        // model workers
  std::string q;                     // matched against the title or name (pinyin too)
  PageRequest page;
};

// ---- Articles and profiles: admins (an org admin or the platform admin) ----------------------

// Writes a new article in draft, its author the caller. The union must be in the caller's
// scope (Forbidden). 400 naming the field: title (required, too_long), summary (too_long),
// body (required, too_long), cover_photo_id (unknown_photo), links (too_many); 422 links
// (unknown_link) for a link to something that does not exist. Audited as article.created.
Result<Article> create_article(store::Tx& tx, const Principal& admin, const ArticleInput& input,
                               int64_t now);
// Edits an article, with create_article's checks. A draft (or a returned one) is rewritten;
// a withdrawn one is rewritten and goes back to draft; a published one keeps its live
// version and the edit becomes its pending revision (draft). 409 wrong_status while it is
// submitted, approved or scheduled, or while its revision is submitted. NotFound; Forbidden
// outside scope (the article's union and the new one). Audited as article.updated.
Result<Article> update_article(store::Tx& tx, const Principal& admin, int64_t id,
                               const ArticleInput& input, int64_t now);
// An article in the caller's scope with its revision, steps and can_approve. NotFound;
// Forbidden outside scope.
Result<Article> article_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// Articles of unions in the caller's scope, newest updated_at first.
Result<Page<Article>> manage_articles(store::Tx& tx, const Principal& admin,
                                      const ManageFilter& filter);

// As create_article for a profile. 400 naming the field: name, honour, field (required,
// too_long), honour_year (out_of_range), intro (too_long), photo_id (unknown_photo),
// studio.name (required, too_long), studio.members (out_of_range), studio.address and
// studio.achievements (too_long), links (too_many); 422 story_article_id (unknown_article:
// none in the caller's scope) and links (unknown_link). Audited as model_worker.created.
Result<ModelWorker> create_model_worker(store::Tx& tx, const Principal& admin,
                                        const ModelWorkerInput& input, int64_t now);
// As update_article for a profile. Audited as model_worker.updated.
Result<ModelWorker> update_model_worker(store::Tx& tx, const Principal& admin, int64_t id,
                                        const ModelWorkerInput& input, int64_t now);
Result<ModelWorker> model_worker_for_admin(store::Tx& tx, const Principal& admin, int64_t id);
// Profiles of unions in the caller's scope, newest updated_at first.
Result<Page<ModelWorker>> manage_model_workers(store::Tx& tx, const Principal& admin,
                                               const ManageFilter& filter);

// ---- The review workflow (both kinds) -----------------------------------------------------------

// A step of the workflow, as the routes name them.
enum class Action { kSubmit, kApprove, kReturn, kPublish, kWithdraw, kDiscardRevision };
inline constexpr EnumNames<Action, 6> kActionNames{
    {"submit", "approve", "return", "publish", "withdraw", "discard_revision"}, Action::kSubmit};
constexpr const auto& enum_names(Action) { return kActionNames; }

struct StepInput {
  std::string reason;      // return and withdraw: 1..200 characters
  int64_t publish_at = 0;  // publish: 0 for now, else a time after now and within a year
};

// Takes one step for an item of a union in the caller's scope (NotFound; Forbidden outside
// scope; 409 wrong_status when the item, or its revision, is not in the state the step needs).
// On a published item with a pending revision, submit, approve and return act on the revision.
// - submit: draft → submitted. Audited as <type>.submitted.
// - approve: submitted → approved; a submitted revision replaces the live content at once
//   (the item stays published). 403 own_submission for the one who last wrote it or
//   submitted it. Audited as <type>.approved or <type>.revision_approved.
// - return: submitted → draft with the reason (400 reason: required, too_long). Anyone who
//   may approve, and the author too (pulling it back). Audited as <type>.returned.
// - publish: approved → published now, or scheduled for publish_at (400 publish_at: in_past,
//   too_far). Audited as <type>.published or <type>.scheduled.
// - withdraw: published or scheduled → withdrawn with the reason; a pending revision becomes
//   the item's content (the next edit puts it back to draft). Audited as <type>.withdrawn.
// - discard_revision: drops the pending revision of a published item. Audited as
//   <type>.revision_discarded.
Status take_step(store::Tx& tx, const Principal& admin, ItemType type, int64_t id, Action action,
                 const StepInput& input, int64_t now);

// Publishes every scheduled item whose time has come, each in its own transaction with a
// conditional UPDATE, so that sweeps on several instances at once publish each exactly once
// (one audit record <type>.published by "system"). Returns how many this call published.
Result<int64_t> publish_due(store::Db& db, int64_t now);

// ---- Readers: anyone, signed in or not (reader is nullptr for an anonymous caller) --------

struct ArticleCard {
  int64_t id = 0;
  std::string title;
  std::string summary;
  Category category = Category::kUnionNews;
  int64_t cover_photo_id = 0;
  std::string org_name;
  int64_t published_at = 0;
  int64_t read_count = 0;
  bool pinned = false;
};

struct ModelWorkerCard {
  int64_t id = 0;
  std::string name;
  // The honour as written (全国劳动模范), its level for filtering, and its year.
  std::string honour;
  Level level = Level::kOther;
  int64_t honour_year = 0;
  std::string field;
  int64_t photo_id = 0;
  std::string intro;
  std::string org_name;
  bool has_studio = false;
};

struct ArticleReading {
  ArticleCard card;
  std::string body;                            // Markdown
  std::vector<Link> links;                     // targets the reader may see
  std::vector<ModelWorkerCard> model_workers;  // profiles linked to it either way
};

struct ModelWorkerReading {
  ModelWorkerCard card;
  std::optional<ArticleReading> story;  // when published and visible (no links in it)
  std::optional<Studio> studio;
  std::vector<Link> links;
};

struct ReaderFilter {
  std::optional<Category> category;  // articles
  std::optional<Level> level;        // model workers
  std::string field;                 // model workers: exactly this field
  // When searching: the matching published items, best first (NewsSearch::search); the page
  // then keeps that order.
  std::optional<std::vector<int64_t>> ranked;
  PageRequest page;
};

struct ArticleList {
  std::vector<ArticleCard> pinned;  // pinned notices (at most 5), on page 1 when not searching
  Page<ArticleCard> page;           // newest published first, or by rank
};

struct ModelWorkerList {
  Page<ModelWorkerCard> page;
  std::vector<std::string> fields;  // distinct fields among the visible profiles
};

struct LinkedItems {
  std::vector<ArticleCard> articles;
  std::vector<ModelWorkerCard> model_workers;
};

// Published articles the reader may see: the city federation's to everyone, a lower union's
// to members of its subtree and to admins whose scope holds it.
Result<ArticleList> list_articles(store::Tx& tx, const Principal* reader,
                                  const ReaderFilter& filter);
// One published article the reader may see (NotFound otherwise, never Forbidden). For a
// signed-in reader it records the read, once per account (read_count counts accounts), so it
// must then run in a write transaction.
Result<ArticleReading> read_article(store::Tx& tx, const Principal* reader, int64_t id,
                                    int64_t now);
Result<ModelWorkerList> list_model_workers(store::Tx& tx, const Principal* reader,
                                           const ReaderFilter& filter);
// One published profile the reader may see (NotFound otherwise).
Result<ModelWorkerReading> read_model_worker(store::Tx& tx, const Principal* reader, int64_t id);
// Published articles and profiles the reader may see that link to a target (a merchant's or
// a campaign's page shows them), newest first, at most 20 of each.
Result<LinkedItems> linked_to(store::Tx& tx, const Principal* reader, LinkKind kind,
                              int64_t target_id);

// ---- Search ---------------------------------------------------------------------------------

// Reader search over published articles (title; summary and body as extra text) and
// profiles (name; honour, field, intro and studio as extra text), with the text module's
// simplified/traditional/pinyin matching. The index is rebuilt when the news version, which
// every news write bumps, has moved.
class NewsSearch {
 public:
  NewsSearch(store::Db& db, const text::PinyinTable& pinyin);
  // Ids of published items of the type matching the query, best first (at most 1,000);
  // what the reader may see is decided by list_articles / list_model_workers.
  Result<std::vector<int64_t>> search(std::string_view query, ItemType type);
  Status refresh() { return cache_.refresh(); }

 private:
  text::SearchCache cache_;
};

// The version every news write bumps (in its transaction).
Result<int64_t> news_version(store::Tx& tx);

// ---- Import of pasted text ----------------------------------------------------------------------

struct ImportedText {
  std::string title;             // the first line when short and not a sentence, else ""
  std::string summary;           // the start of the first paragraph, cut with "…"
  std::string body;              // the paragraphs as Markdown, a blank line between them
  bool had_traditional = false;  // the input had traditional characters (whatever `simplify`)
  bool had_pinyin = false;       // the input had pinyin annotations (whatever `strip_pinyin`)
};

// Turns pasted text (a web page's news report) into an article: pinyin annotations removed
// (text::strip_pinyin_annotations) if strip_pinyin, converted to simplified characters
// (text::to_simplified) if simplify, one paragraph per non-empty line, Markdown's special
// characters escaped so that the text reads as it was written. 400 text: required, too_long
// (over 200,000 bytes).
Result<ImportedText> import_text(std::string_view text, bool simplify, bool strip_pinyin);

}  // namespace gonghui::news
