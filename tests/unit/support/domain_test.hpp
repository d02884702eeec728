// The base of the domain tests: a fresh database of the engine under test (the test's
// parameter) holding the fixture tree, and a helper that runs one domain call in a write
// transaction the way the server does.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/fixtures.hpp"
#include "support/test_db.hpp"

namespace gonghui::testing {

class DomainTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    test_ = std::make_unique<TestDb>(GetParam());
    tree_ = make_tree(db());
  }
  store::Db& db() { return test_->db(); }

  // Runs fn(tx) in one write transaction and returns what it returned; the transaction
  // commits only if fn succeeded, so a failed call changes nothing, as in the server.
  template <class F>
  auto in_tx(F fn) {
    decltype(fn(std::declval<store::Tx&>())) result = Error::internal("not run");
    (void)db().write([&](store::Tx& tx) -> Status {
      result = fn(tx);
      return result.ok() ? Status::Ok() : Status(result.error());
    });
    return result;
  }

  // The first column of the first row of a read, e.g. a COUNT(*).
  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db().read([&](store::Tx& tx) -> Status {
      GH_ASSIGN(store::Rows rows, tx.query(sql));
      n = rows[0].integer(0);
      return Status::Ok();
    }));
    return n;
  }

  std::unique_ptr<TestDb> test_;
  Tree tree_;
};

}  // namespace gonghui::testing
