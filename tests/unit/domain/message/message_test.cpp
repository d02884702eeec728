// Messages on both engines: a post is once per (member, dedupe key); a member reads only their
// own; notices reach each active member of the subtree once, chunk by chunk, and only inside
// the admin's scope; due reminders and warnings are posted once even by two runners at once.
#include <gtest/gtest.h>

#include <thread>

#include "core/time.hpp"
#include "domain/campaign/campaign.hpp"
#include "domain/ledger/ledger_fixture.hpp"
#include "domain/message/message.hpp"
#include "domain/sms/sms.hpp"

namespace gonghui::message {
namespace {

constexpr int64_t kHour = 3'600'000;

class MessageTest : public ledger::LedgerTest {
 protected:
  int64_t count(const std::string& sql, const store::Params& params = {}) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql, params));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }
  int64_t messages_of(int64_t member, std::string_view kind) {
    return count("SELECT COUNT(*) FROM messages WHERE member_id = ? AND kind = ?",
                 {member, std::string(kind)});
  }
  Principal member_principal(int64_t member, int64_t org_id) {
    Principal p;
    p.account_id = 5000 + member % 1000;
    p.roles.push_back({Role::kMember, org_id, 0, member});
    return p;
  }
  // A published campaign of district A with one prize, open from `opens_at` for a day.
  campaign::Campaign campaign_of(campaign::Kind kind, int64_t opens_at,
                                 std::vector<campaign::Slot> slots = {}) {
    campaign::CampaignInput in;
    in.org_id = tree_.district_a.id;
    in.kind = kind;
    in.title = "消息测试";
    in.brand = "连工助农";
    in.opens_at = opens_at;
    in.closes_at = opens_at + 48 * kHour;
    in.per_member_limit = 1;
    in.voucher_valid_days = 1;
    in.prizes = {{0, 1, "测试券", 10, 10, 100, 0, 0}};
    in.slots = std::move(slots);
    auto c = in_tx([&](store::Tx& tx) -> Result<campaign::Campaign> {
      GH_ASSIGN(campaign::Campaign made, campaign::create(tx, tree_.admin_a, in));
      return campaign::publish(tx, tree_.admin_a, made.id);
    });
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : campaign::Campaign{};
  }
  NoticeInput notice_to(int64_t org_id) {
    NoticeInput in;
    in.org_id = org_id;
    in.title = "通知";
    in.body = "周六活动室开放";
    in.link = "/campaigns";
    return in;
  }
};

TEST_P(MessageTest, APostIsOncePerMemberAndDedupeKey) {
  const int64_t a = add_member(tree_.base_a1.id);
  const int64_t b = add_member(tree_.base_a1.id);
  auto post_to = [&](int64_t member) {
    return in_tx([&](store::Tx& tx) {
      return post(tx, member, "points", "收到积分", "江北区 向您发放 5 积分", "/me/points", "k1");
    });
  };
  EXPECT_TRUE(*post_to(a));
  EXPECT_FALSE(*post_to(a)) << "a second post with the same key is a no-op";
  EXPECT_TRUE(*post_to(b)) << "the key is per member";
  EXPECT_EQ(messages_of(a, "points"), 1);
  auto unread = in_tx([&](store::Tx& tx) { return unread_count(tx, a); });
  EXPECT_EQ(*unread, 1);
}

TEST_P(MessageTest, APostRefusesBadInputNamingTheField) {
  const int64_t a = add_member(tree_.base_a1.id);
  auto try_post = [&](std::string kind, std::string title, std::string link, std::string key) {
    return in_tx([&](store::Tx& tx) { return post(tx, a, kind, title, "", link, key); });
  };
  EXPECT_EQ(try_post("gossip", "t", "", "k").error().field, "kind");
  EXPECT_EQ(try_post("notice", "", "", "k").error().field, "title");
  EXPECT_EQ(try_post("notice", std::string(101, 'x'), "", "k").error().field, "title");
  EXPECT_EQ(try_post("notice", "t", std::string(301, 'x'), "k").error().field, "link");
  EXPECT_EQ(try_post("notice", "t", "", "").error().field, "dedupe_key");
  EXPECT_EQ(messages_of(a, "notice"), 0);
}

TEST_P(MessageTest, AMemberListsAndReadsOnlyTheirOwnMessages) {
  const int64_t a = add_member(tree_.base_a1.id);
  const int64_t b = add_member(tree_.base_a1.id);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                  return post(tx, a, "notice", "第" + std::to_string(i) + "条", "", "",
                              "n" + std::to_string(i));
                }).ok());
  }
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return post(tx, b, "notice", "b", "", "", "n0"); }).ok());
  auto page = in_tx([&](store::Tx& tx) { return list(tx, a, 0, 2, false); });
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "第2条") << "newest first";
  EXPECT_NE(page->next_cursor, 0);
  auto rest = in_tx([&](store::Tx& tx) { return list(tx, a, page->next_cursor, 2, false); });
  ASSERT_EQ(rest->items.size(), 1u);
  EXPECT_EQ(rest->next_cursor, 0);

  auto theirs = in_tx([&](store::Tx& tx) { return list(tx, b, 0, 10, false); });
  const int64_t b_message = theirs->items[0].id;
  auto foreign = in_tx([&](store::Tx& tx) { return mark_read(tx, a, b_message, 1); });
  EXPECT_EQ(foreign.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return unread_count(tx, b); }), 1);

  auto read = in_tx([&](store::Tx& tx) { return mark_read(tx, a, page->items[0].id, 7); });
  EXPECT_EQ(read->read_at, 7);
  auto unread_only = in_tx([&](store::Tx& tx) { return list(tx, a, 0, 10, true); });
  EXPECT_EQ(unread_only->items.size(), 2u);
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return mark_all_read(tx, a, 8); }), 2);
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return unread_count(tx, a); }), 0);
  EXPECT_EQ(*in_tx([&](store::Tx& tx) { return unread_count(tx, b); }), 1);
}

TEST_P(MessageTest, ANoticeReachesEachActiveMemberOfTheSubtreeOnceInChunks) {
  std::vector<int64_t> in_a;
  for (int i = 0; i < 5; ++i) {
    in_a.push_back(add_member(i % 2 ? tree_.base_a1.id : tree_.base_a2.id));
  }
  const int64_t in_b = add_member(tree_.base_b1.id);
  auto preview =
      in_tx([&](store::Tx& tx) { return preview_notice(tx, tree_.admin_a, notice_to(0)); });
  EXPECT_EQ(*preview, 5);
  auto started = in_tx([&](store::Tx& tx) {
    return start_notice(tx, tree_.admin_a, notice_to(tree_.district_a.id), "n1");
  });
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ(started->recipients, 5);
  EXPECT_FALSE(started->done);
  // Chunks of two: three chunks, each its own transaction.
  auto first = notice_chunk(db(), started->id, 2);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->delivered, 2);
  EXPECT_FALSE(first->done);
  auto done = deliver_notice(db(), started->id, 0, 2);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_TRUE(done->done);
  EXPECT_EQ(done->delivered, 5);
  // Once done, running it again delivers nothing more; the same key is the same notice.
  EXPECT_TRUE(notice_chunk(db(), started->id, 2).ok());
  auto replay = in_tx([&](store::Tx& tx) {
    return start_notice(tx, tree_.admin_a, notice_to(tree_.district_a.id), "n1");
  });
  EXPECT_EQ(replay->id, started->id);
  EXPECT_TRUE(replay->replayed);
  for (int64_t m : in_a) {
    EXPECT_EQ(messages_of(m, "notice"), 1);
  }
  EXPECT_EQ(messages_of(in_b, "notice"), 0);

  // Reads are counted for the admin.
  auto mine = in_tx([&](store::Tx& tx) { return list(tx, in_a[0], 0, 10, false); });
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return mark_read(tx, in_a[0], mine->items[0].id, 1); }).ok());
  auto seen = in_tx([&](store::Tx& tx) { return get_notice(tx, tree_.admin_a, started->id); });
  EXPECT_EQ(seen->read, 1);
  auto listed = in_tx([&](store::Tx& tx) { return list_notices(tx, tree_.admin_a, 0, 10); });
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].read, 1);
  auto other = in_tx([&](store::Tx& tx) { return get_notice(tx, tree_.admin_b, started->id); });
  EXPECT_EQ(other.error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'message.notice'"), 1);
}

TEST_P(MessageTest, ANoticeOutsideTheAdminsSubtreeIsForbiddenAndSendsNothing) {
  const int64_t in_b = add_member(tree_.base_b1.id);
  auto preview = in_tx([&](store::Tx& tx) {
    return preview_notice(tx, tree_.admin_a, notice_to(tree_.district_b.id));
  });
  EXPECT_EQ(preview.error().kind, ErrorKind::kForbidden);
  auto sent = in_tx([&](store::Tx& tx) {
    return start_notice(tx, tree_.admin_a, notice_to(tree_.district_b.id), "x");
  });
  EXPECT_EQ(sent.error().kind, ErrorKind::kForbidden);
  NoticeInput bad = notice_to(tree_.district_a.id);
  bad.link = "https://example.com";
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return start_notice(tx, tree_.admin_a, bad, "y"); }).error().field,
      "link");
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return start_notice(tx, tree_.admin_a, notice_to(tree_.district_a.id), "");
            })
                .error()
                .code,
            "idempotency_key_required");
  EXPECT_EQ(count("SELECT COUNT(*) FROM message_notices"), 0);
  EXPECT_EQ(messages_of(in_b, "notice"), 0);
}

TEST_P(MessageTest, RemindersAndWarningsArePostedOnceByTwoRunnersAtOnce) {
  const int64_t now = Timestamp::now().ms;
  const int64_t a = add_member(tree_.base_a1.id);
  const int64_t b = add_member(tree_.base_a2.id);
  // A claim whose one-day voucher expires within three days.
  const campaign::Campaign claim = campaign_of(campaign::Kind::kClaim, now - kHour);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return campaign::enter(tx, a, claim.id, 1, now); }).ok());
  // A campaign opening in an hour that member b asked about (and member a asked, then not).
  const campaign::Campaign upcoming = campaign_of(campaign::Kind::kClaim, now + kHour);
  auto ask = [&](int64_t member, int64_t org, bool on) {
    return in_tx([&](store::Tx& tx) {
      return set_reminder(tx, member_principal(member, org), upcoming.id, on, now);
    });
  };
  EXPECT_TRUE(*ask(b, tree_.base_a2.id, true));
  EXPECT_TRUE(*ask(a, tree_.base_a1.id, true));
  EXPECT_FALSE(*ask(a, tree_.base_a1.id, false));
  auto open_now = in_tx([&](store::Tx& tx) {
    return set_reminder(tx, member_principal(a, tree_.base_a1.id), claim.id, true, now);
  });
  EXPECT_EQ(open_now.error().code, "already_open");

  // Before it opens: only the voucher warning.
  ASSERT_TRUE(post_due(db(), now).ok());
  EXPECT_EQ(messages_of(a, "voucher_expiring"), 1);
  EXPECT_EQ(messages_of(b, "campaign_opening"), 0);

  // Two runners on two connections at once, after it opened: each message once.
  auto second = store::open(test_->url(), 2);
  int64_t posted[2] = {-1, -1};
  std::thread one([&] { posted[0] = post_due(db(), now + 2 * kHour).value(); });
  std::thread two([&] { posted[1] = post_due(*second, now + 2 * kHour).value(); });
  one.join();
  two.join();
  EXPECT_EQ(posted[0] + posted[1], 1) << "one opening message between them";
  EXPECT_EQ(messages_of(b, "campaign_opening"), 1);
  EXPECT_EQ(messages_of(a, "campaign_opening"), 0) << "a stopped asking";
  EXPECT_EQ(messages_of(a, "voucher_expiring"), 1);
  EXPECT_EQ(*post_due(db(), now + 3 * kHour), 0);
}

TEST_P(MessageTest, TomorrowsBookingIsRemindedFromSixInTheEvening) {
  const int64_t now = Timestamp::now().ms;
  const int64_t today = local_day(now);
  const int64_t slot = local_day_start(today + 1) + 10 * kHour;  // 10:00 tomorrow
  const int64_t a = add_member(tree_.base_a1.id);
  const campaign::Campaign c =
      campaign_of(campaign::Kind::kBooking, now - kHour, {{0, slot, slot + 2 * kHour, 5, 0}});
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return campaign::book(tx, a, c.id, c.slots[0].id, now); }).ok());
  ASSERT_TRUE(post_due(db(), local_day_start(today) + 17 * kHour + 59 * 60'000).ok());
  EXPECT_EQ(messages_of(a, "booking_reminder"), 0) << "not before 18:00";
  EXPECT_EQ(*post_due(db(), local_day_start(today) + kReminderHour * kHour) >= 1, true);
  EXPECT_EQ(messages_of(a, "booking_reminder"), 1);
  ASSERT_TRUE(post_due(db(), local_day_start(today) + 20 * kHour).ok());
  EXPECT_EQ(messages_of(a, "booking_reminder"), 1) << "once";
}

// A provider that records the texts it was given.
class RecordingProvider final : public sms::Provider {
 public:
  explicit RecordingProvider(std::vector<sms::Text>* sent) : sent_(sent) {}
  std::string_view name() const override { return "aliyun"; }
  Status send(const sms::Text& text) override {
    sent_->push_back(text);
    return Status::Ok();
  }

 private:
  std::vector<sms::Text>* sent_;
};

// Booking reminders go by text by default, points do not; a second sweep (or a second
// instance's) sends nothing again; switching a kind on sends its recent messages.
TEST_P(MessageTest, MessagesOfKindsThatGoByTextAreTextedOnce) {
  std::vector<sms::Text> sent;
  sms::Sender sender(
      db(), std::make_unique<RecordingProvider>(&sent),
      sms::SenderOptions{false, {{"booking_reminder", "T_REMIND"}, {"points", "T_POINTS"}}});
  const int64_t a = add_member(tree_.base_a1.id);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return post(tx, a, "booking_reminder", "明天采摘", "9:00 阳光葡萄采摘园", "", "r1");
              }).ok());
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return post(tx, a, "points", "收到积分", "5 积分", "", "p1");
              }).ok());
  const int64_t now = Timestamp::now().ms;
  auto first = send_texts(db(), sender, now);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].template_code, "T_REMIND");
  EXPECT_NE(sent[0].body.find("9:00 阳光葡萄采摘园"), std::string::npos);
  auto again = send_texts(db(), sender, now);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ(sent.size(), 1u);
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return sms::set_kind_settings(tx, tree_.platform, {{"points", true}});
              }).ok());
  auto points = send_texts(db(), sender, now);
  ASSERT_TRUE(points.ok());
  EXPECT_EQ(*points, 1);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].template_code, "T_POINTS");
  // Messages older than the window are not texted late.
  ASSERT_TRUE(in_tx([&](store::Tx& tx) {
                return post(tx, a, "points", "收到积分", "6 积分", "", "p2");
              }).ok());
  auto later = send_texts(db(), sender, now + 2 * 24 * kHour);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(*later, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, MessageTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace gonghui::message
