// Training on both engines, after enrolment: the fair draw verifies as a lottery's does, the
// sign-in code lives for its minute and the next, a no-show bars fair draws, attendance gives a
// certificate (and a PDF), and the figures count it all.
#include <boost/json.hpp>

#include "core/id.hpp"
#include "domain/campaign/draw.hpp"
#include "domain/report/report.hpp"
#include "domain/training/training_fixture.hpp"

namespace gonghui::training {
namespace {

class AttendanceTest : public TrainingTest {
 protected:
  // A first-come course with `seats`, and `n` members who enrolled in it.
  std::pair<Course, std::vector<int64_t>> seated(int64_t seats, int n, int first_index = 1) {
    Course c = make(input(Mode::kFirstCome, seats));
    std::vector<int64_t> m = members(n, tree_.base_a1.id, first_index);
    for (int64_t member : m) EXPECT_TRUE(enrol_at(member, c.id, now_).ok());
    return {c, m};
  }
  Result<SignedIn> scan(int64_t member, const Session& s, int64_t at) {
    return in_tx([&](store::Tx& tx) -> Result<SignedIn> {
      GH_ASSIGN(SessionCode code, session_code(tx, tree_.admin_a, s.id, at));
      return sign_in(tx, member, s.id, code.code, at);
    });
  }
  Result<Attendance> mark_as(int64_t member, const Session& s, AttendanceStatus status,
                             int64_t at) {
    return in_tx([&](store::Tx& tx) { return mark(tx, tree_.admin_a, s.id, member, status, at); });
  }
};

TEST_P(AttendanceTest, TheFairDrawVerifiesWithTheLotteryVerifier) {
  const Course c = make(input(Mode::kFairDraw, 3));
  EXPECT_EQ(c.commitment.size(), 64u);
  const std::vector<int64_t> m = members(10, tree_.base_a1.id);
  for (int64_t member : m) {
    auto applied = enrol_at(member, c.id, now_);
    ASSERT_TRUE(applied.ok()) << applied.error().message;
    EXPECT_EQ(applied->state, EnrolmentState::kApplied);
    EXPECT_EQ(applied->member_ref.size(), 16u);
  }
  ASSERT_TRUE(in_tx([&](store::Tx& tx) { return cancel_enrolment(tx, m[9], c.id, now_); }).ok());
  auto early = in_tx([&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "b", now_); });
  EXPECT_EQ(early.error().code, "not_closed");
  const int64_t closed = c.input.enrol_closes_at;
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return draw(tx, tree_.admin_b, c.id, "b", closed); }).error().kind,
      ErrorKind::kForbidden);
  auto drawn = in_tx([&](store::Tx& tx) {
    return draw(tx, tree_.admin_a, c.id, "drand round 1000: 9f3a…", closed);
  });
  ASSERT_TRUE(drawn.ok()) << drawn.error().message;
  EXPECT_EQ(drawn->taken, 3);
  EXPECT_EQ(drawn->waiting, 6);
  EXPECT_EQ(drawn->status(closed), CourseStatus::kClosed);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return draw(tx, tree_.admin_a, c.id, "", closed); }).error().code,
      "already_drawn");
  EXPECT_EQ(enrol_at(m[9], c.id, closed - kHour).error().code, "not_open");

  boost::json::object bundle;
  ASSERT_TRUE(db().read([&](store::Tx& tx) -> Status {
    GH_ASSIGN(bundle, audit_bundle(tx, c.id));
    return Status::Ok();
  }));
  EXPECT_EQ(bundle.at("entries").as_array().size(), 9u);
  EXPECT_EQ(bundle.at("winners").as_array().size(), 9u);
  EXPECT_TRUE(campaign::verify_bundle(bundle).empty());
  // The waiting list is the draw's tier 2, in order.
  auto listed = in_tx([&](store::Tx& tx) {
    return enrolments(tx, tree_.admin_a, c.id, EnrolmentState::kWaiting, closed);
  });
  ASSERT_TRUE(listed.ok());
  const auto& winners = bundle.at("winners").as_array();
  for (size_t i = 0; i < listed->size(); ++i) {
    EXPECT_EQ(winners[3 + i].at("entry_id").as_string(), std::to_string((*listed)[i].id));
    EXPECT_EQ(winners[3 + i].at("tier").as_int64(), 2);
    EXPECT_EQ((*listed)[i].waiting_position, static_cast<int64_t>(i) + 1);
  }
  // A bundle whose order was changed does not verify.
  boost::json::object forged = bundle;
  auto& w = forged.at("winners").as_array();
  std::swap(w[0], w[5]);
  EXPECT_FALSE(campaign::verify_bundle(forged).empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE kind = 'training'"), 9);
}

TEST_P(AttendanceTest, TheCodeIsGoodForItsMinuteAndTheNext) {
  auto [c, m] = seated(5, 2);
  const Session& first = c.input.sessions[0];
  const int64_t at = first.starts_at + 5 * kMinute + 10'000;
  auto code = in_tx([&](store::Tx& tx) { return session_code(tx, tree_.admin_a, first.id, at); });
  ASSERT_TRUE(code.ok()) << code.error().message;
  EXPECT_EQ(code->code.size(), 16u);
  auto valid = [&](const std::string& text, int64_t when) {
    bool ok = false;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(ok, code_is_valid(tx, first.id, text, when));
      return Status::Ok();
    }));
    return ok;
  };
  EXPECT_TRUE(valid(code->code, at));
  EXPECT_TRUE(valid(code->code, at + kMinute));
  EXPECT_FALSE(valid(code->code, at + 2 * kMinute));
  EXPECT_FALSE(valid(code->code, at - kMinute));
  EXPECT_FALSE(valid("0000000000000000", at));
  // Another session's code differs; another district's admin gets none.
  auto second = in_tx([&](store::Tx& tx) {
    return session_code(tx, tree_.admin_a, c.input.sessions[1].id, c.input.sessions[1].starts_at);
  });
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->code, code->code);
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return session_code(tx, tree_.admin_b, first.id, at); })
                .error()
                .kind,
            ErrorKind::kForbidden);
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return session_code(tx, tree_.admin_a, first.id, first.starts_at - kHour);
            })
                .error()
                .code,
            "session_not_open");

  auto stale = in_tx(
      [&](store::Tx& tx) { return sign_in(tx, m[0], first.id, code->code, at + 2 * kMinute); });
  EXPECT_EQ(stale.error().code, "invalid_code");
  EXPECT_EQ(stale.error().field, "code");
  auto signed_in =
      in_tx([&](store::Tx& tx) { return sign_in(tx, m[0], first.id, code->code, at + kMinute); });
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
  EXPECT_EQ(signed_in->attendance.status, AttendanceStatus::kPresent);
  EXPECT_EQ(signed_in->attendance.method, "qr");
  EXPECT_EQ(signed_in->attended, 1);
  // Again: the same attendance.
  auto again = in_tx([&](store::Tx& tx) { return sign_in(tx, m[0], first.id, code->code, at); });
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->attended, 1);
  const int64_t stranger = members(1, tree_.base_a2.id, 50)[0];
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return sign_in(tx, stranger, first.id, code->code, at); })
                .error()
                .code,
            "not_enrolled");
}

TEST_P(AttendanceTest, ANoShowBarsFairDrawsForTheConfiguredDays) {
  auto [c, m] = seated(5, 2);
  const Session& first = c.input.sessions[0];
  ASSERT_TRUE(scan(m[0], first, first.starts_at + kMinute).ok());
  const int64_t after = first.ends_at + kHour;
  auto bar = [&](int64_t member, int64_t at) {
    int64_t until = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(until, barred_until(tx, member, at));
      return Status::Ok();
    }));
    return until;
  };
  EXPECT_EQ(bar(m[0], after), 0);
  EXPECT_EQ(bar(m[1], after), first.ends_at + kDefaultNoShowBarDays * kDay);

  CourseInput fair = input(Mode::kFairDraw, 5);
  fair.enrol_opens_at = after - kHour;
  fair.enrol_closes_at = after + kDay;
  for (auto& s : fair.sessions) s.starts_at += 10 * kDay, s.ends_at += 10 * kDay;
  const Course draw_course = make(fair);
  auto refused = enrol_at(m[1], draw_course.id, after);
  EXPECT_EQ(refused.error().code, "barred");
  EXPECT_TRUE(enrol_at(m[0], draw_course.id, after).ok());

  // Staff excuse the absence: the bar lifts. A platform default of 0 days bars nobody either.
  ASSERT_TRUE(mark_as(m[1], first, AttendanceStatus::kExcused, after).ok());
  EXPECT_EQ(bar(m[1], after), 0);
  ASSERT_TRUE(mark_as(m[1], first, AttendanceStatus::kAbsent, after).ok());
  EXPECT_GT(bar(m[1], after), 0);
  EXPECT_EQ(
      in_tx([&](store::Tx& tx) { return set_default_bar_days(tx, tree_.admin_a, 0); }).error().kind,
      ErrorKind::kForbidden);
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return set_default_bar_days(tx, tree_.platform, 0); }).ok());
  EXPECT_EQ(bar(m[1], after), 0);
  ASSERT_TRUE(
      in_tx([&](store::Tx& tx) { return set_default_bar_days(tx, tree_.platform, 7); }).ok());
  EXPECT_EQ(bar(m[1], after), first.ends_at + 7 * kDay);
  EXPECT_EQ(bar(m[1], c.input.sessions[2].ends_at + 8 * kDay), 0);
  // A course's own setting wins over the default.
  CourseInput strict = input(Mode::kFirstCome, 5);
  strict.no_show_bar_days = 0;
  const Course lenient = make(strict);
  const int64_t other = members(1, tree_.base_a1.id, 60)[0];
  ASSERT_TRUE(enrol_at(other, lenient.id, now_).ok());
  EXPECT_EQ(bar(other, lenient.input.sessions[2].ends_at + kHour), 0);
}

TEST_P(AttendanceTest, AttendingTheRequiredSessionsGivesACertificate) {
  CourseInput in = input(Mode::kFirstCome, 5);
  in.required_sessions = 2;
  const Course c = make(in);
  const int64_t member = members(1, tree_.base_a1.id)[0];
  ASSERT_TRUE(enrol_at(member, c.id, now_).ok());
  const auto& s = c.input.sessions;
  auto one = scan(member, s[0], s[0].starts_at);
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->certificate_id, 0);
  EXPECT_EQ(mark_as(member, s[1], AttendanceStatus::kPending, s[1].starts_at).error().field,
            "status");
  auto two = mark_as(member, s[1], AttendanceStatus::kPresent, s[1].starts_at);
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ(two->method, "staff");
  EXPECT_EQ(two->marked_by_name, tree_.admin_a.name);
  EXPECT_EQ(count("SELECT COUNT(*) FROM training_certificates WHERE revoked_at = 0"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM messages WHERE title = '培训结业证书已发放'"), 1);

  const Principal holder = as_member(member, tree_.base_a1.id);
  auto mine = in_tx([&](store::Tx& tx) { return my_courses(tx, holder, s[1].ends_at); });
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  const int64_t certificate_id = mine->front().enrolment.certificate_id;
  ASSERT_NE(certificate_id, 0);
  auto cert = in_tx([&](store::Tx& tx) { return certificate(tx, holder, certificate_id); });
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(cert->sessions_attended, 2);
  EXPECT_EQ(cert->holder_name, "会员1");
  EXPECT_EQ(in_tx([&](store::Tx& tx) { return certificate(tx, tree_.admin_b, certificate_id); })
                .error()
                .kind,
            ErrorKind::kNotFound);
  auto checked = in_tx([&](store::Tx& tx) { return certificate_by_code(tx, cert->verify_code); });
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->course_title, c.input.title);
  auto pdf = certificate_pdf(*cert, "https://gonghui.example/certificates/" + cert->verify_code);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_GT(pdf->size(), 1000u);

  // A correction below the requirement revokes it; attending again restores the same one.
  ASSERT_TRUE(mark_as(member, s[1], AttendanceStatus::kAbsent, s[1].ends_at).ok());
  checked = in_tx([&](store::Tx& tx) { return certificate_by_code(tx, cert->verify_code); });
  EXPECT_NE(checked->revoked_at, 0);
  ASSERT_TRUE(mark_as(member, s[2], AttendanceStatus::kPresent, s[2].starts_at).ok());
  checked = in_tx([&](store::Tx& tx) { return certificate_by_code(tx, cert->verify_code); });
  EXPECT_EQ(checked->revoked_at, 0);
  EXPECT_EQ(checked->id, certificate_id);
}

TEST_P(AttendanceTest, FiguresCountCoursesSeatsAttendanceAndCompletions) {
  CourseInput in = input(Mode::kFirstCome, 3);
  in.required_sessions = 1;
  const Course c = make(in);
  std::vector<int64_t> m = members(4, tree_.base_a1.id);
  for (int64_t member : m) ASSERT_TRUE(enrol_at(member, c.id, now_).ok());
  const Session& first = c.input.sessions[0];
  ASSERT_TRUE(scan(m[0], first, first.starts_at).ok());
  ASSERT_TRUE(scan(m[1], first, first.starts_at).ok());
  ASSERT_TRUE(mark_as(m[2], first, AttendanceStatus::kExcused, first.starts_at).ok());
  const int64_t after = first.ends_at + kHour;
  auto f = in_tx([&](store::Tx& tx) {
    return figures(tx, tree_.platform, std::nullopt, now_ - kDay, now_ + 30 * kDay, after);
  });
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->totals.courses, 1);
  EXPECT_EQ(f->totals.sessions, 3);
  EXPECT_EQ(f->totals.seats, 3);
  EXPECT_EQ(f->totals.applications, 4);
  EXPECT_EQ(f->totals.enrolments, 3);
  EXPECT_EQ(f->totals.attendances, 2);
  EXPECT_EQ(f->totals.expected, 3);
  EXPECT_EQ(f->totals.no_shows, 0);
  EXPECT_EQ(f->totals.completions, 2);
  ASSERT_EQ(f->by_union.size(), 3u);  // districts A and B, then the federation's own
  EXPECT_EQ(f->by_union[0].org_id, tree_.district_a.id);
  EXPECT_EQ(f->by_union[0].figures.courses, 1);
  EXPECT_EQ(f->by_union[1].figures.courses, 0);
  ASSERT_EQ(f->by_category.size(), 1u);
  EXPECT_EQ(f->by_category[0].first, Category::kRuralTechnology);
  EXPECT_EQ(in_tx([&](store::Tx& tx) {
              return figures(tx, tree_.admin_b, tree_.district_a.id, 0, after, after);
            })
                .error()
                .kind,
            ErrorKind::kForbidden);
  const org::PathRange all = org::range_of(tree_.root.path);
  auto times = in_tx([&](store::Tx& tx) {
    return person_times(tx, all.lower, all.upper, now_, now_ + 30 * kDay);
  });
  EXPECT_EQ(*times, 2);
}

TEST_P(AttendanceTest, TheImpactReportListsTheAttendanceItCounts) {
  auto [c, m] = seated(4, 4);
  const auto& s = c.input.sessions;
  ASSERT_TRUE(scan(m[0], s[0], s[0].starts_at).ok());
  ASSERT_TRUE(scan(m[1], s[0], s[0].starts_at).ok());
  ASSERT_TRUE(mark_as(m[2], s[0], AttendanceStatus::kExcused, s[0].starts_at).ok());
  ASSERT_TRUE(mark_as(m[0], s[1], AttendanceStatus::kPresent, s[1].starts_at).ok());
  ASSERT_TRUE(mark_as(m[3], s[1], AttendanceStatus::kPresent, s[1].starts_at).ok());
  const int64_t from = now_ - kDay, to = now_ + 30 * kDay;
  auto report =
      in_tx([&](store::Tx& tx) { return report::impact(tx, tree_.platform, {}, from, to); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->training_person_times, 4);
  // The records, two pages of three: one row per member present, by session then member; the
  // excused member is not among them.
  report::RecordQuery query;
  query.figure = "training_person_times";
  query.from = from;
  query.to = to;
  query.limit = 3;
  auto page = [&](const Principal& who, const report::RecordQuery& q) {
    return in_tx([&](store::Tx& tx) { return report::records(tx, who, q); });
  };
  auto first = page(tree_.admin_a, query);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->type, "training_attendance");
  ASSERT_EQ(first->items.size(), 3u);
  EXPECT_EQ(first->next_cursor, 3);
  query.after_id = first->next_cursor;
  auto second = page(tree_.admin_a, query);
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->next_cursor, 0);
  std::vector<std::pair<std::string, std::string>> rows;
  for (const auto* items : {&first->items, &second->items}) {
    for (const auto& item : *items) {
      const auto& row = item.as_object();
      EXPECT_EQ(row.at("course_id").as_string(), id_string(c.id));
      EXPECT_EQ(row.at("course_title").as_string(), "设施大棚草莓种植技术");
      EXPECT_EQ(row.at("course_org_id").as_string(), id_string(tree_.district_a.id));
      EXPECT_EQ(row.at("org_id").as_string(), id_string(tree_.base_a1.id));
      EXPECT_FALSE(row.contains("name") || row.contains("phone") || row.contains("marked_by_name"));
      rows.emplace_back(std::string(row.at("member_id").as_string()),
                        std::string(row.at("method").as_string()));
    }
  }
  const std::vector<std::pair<std::string, std::string>> expected = {{id_string(m[0]), "qr"},
                                                                     {id_string(m[1]), "qr"},
                                                                     {id_string(m[0]), "staff"},
                                                                     {id_string(m[3]), "staff"}};
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(first->items[0].as_object().at("session_id").as_string(), id_string(s[0].id));
  EXPECT_EQ(second->items[0].as_object().at("session_id").as_string(), id_string(s[1].id));
  // By the session's start: a period that ends before the second session has the first's two.
  query.after_id = 0;
  query.to = s[1].starts_at;
  EXPECT_EQ(page(tree_.admin_a, query)->items.size(), 2u);
  // Another district's admin has none, and there is no imported history behind the figure.
  query.to = to;
  EXPECT_TRUE(page(tree_.admin_b, query)->items.empty());
  query.imported = true;
  EXPECT_TRUE(page(tree_.admin_a, query)->items.empty());
}

INSTANTIATE_TEST_SUITE_P(Engines, AttendanceTest, ::testing::ValuesIn(gonghui::testing::engines()),
                         gonghui::testing::EngineName());

}  // namespace
}  // namespace gonghui::training
