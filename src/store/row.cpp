// Row accessors and the Db and Tx defaults shared by both engines.
#include <charconv>

#include "core/id.hpp"
#include "store/columns.hpp"
#include "store/db.hpp"

namespace gonghui::store {

int64_t Row::integer(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return *n;
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    std::from_chars(s->data(), s->data() + s->size(), n);
    return n;
  }
  return 0;
}

std::string Row::text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* n = std::get_if<int64_t>(&v)) {
    return std::to_string(*n);
  }
  return {};
}

std::string join_ids(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) {
    out += out.empty() ? "" : ",";
    out += std::to_string(id);
  }
  return out;
}

std::vector<int64_t> split_ids(std::string_view text) {
  std::vector<int64_t> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      comma = text.size();
    }
    if (auto id = parse_id(text.substr(start, comma - start))) {
      out.push_back(*id);
    }
    start = comma + 1;
  }
  return out;
}

void read_column(const Row& row, size_t& i, int64_t& out) { out = row.integer(i++); }
void read_column(const Row& row, size_t& i, int& out) { out = static_cast<int>(row.integer(i++)); }
void read_column(const Row& row, size_t& i, std::string& out) { out = row.text(i++); }
void read_column(const Row& row, size_t& i, bool& out) { out = row.integer(i++) != 0; }
void read_column(const Row& row, size_t& i, std::vector<int64_t>& out) {
  out = split_ids(row.text(i++));
}
void read_column(const Row& row, size_t& i, std::vector<int>& out) {
  out.clear();
  for (int64_t n : split_ids(row.text(i++))) {
    out.push_back(static_cast<int>(n));
  }
}

namespace {

// A collected Row seen through the RowView interface.
class CollectedRowView final : public RowView {
 public:
  explicit CollectedRowView(const Row& row) : row_(row) {}
  size_t size() const override { return row_.size(); }
  bool is_null(size_t i) const override { return row_.is_null(i); }
  int64_t integer(size_t i) const override { return row_.integer(i); }
  std::string_view text(size_t i) const override {
    if (const auto* s = std::get_if<std::string>(&row_.value(i))) {
      return *s;
    }
    text_ = row_.text(i);
    return text_;
  }

 private:
  const Row& row_;
  mutable std::string text_;
};

}  // namespace

Status Tx::each(std::string_view sql, const Params& params, const RowFunction& fn) {
  GH_ASSIGN(Rows rows, query(sql, params));
  for (const Row& row : rows) {
    fn(CollectedRowView(row));
  }
  return Status::Ok();
}

void Db::write_async(TxFunction fn, WriteDone done) { done(write(fn)); }

void Db::write_grouped(WriteGroup& group, std::shared_ptr<GroupedWrite> write_in, WriteDone done) {
  const std::vector<GroupedWrite*> writes{write_in.get()};
  done(write([&](Tx& tx) { return group.run(tx, writes); }));
}

Status Tx::isolated(const std::function<Status(Tx&)>& fn) {
  // PostgreSQL cannot prepare a savepoint statement; SQLite's come from its statement cache.
  auto control = [this](std::string_view sql) -> Status {
    if (engine() == "postgresql") {
      return script(sql);
    }
    GH_TRY(exec(sql));
    return Status::Ok();
  };
  GH_TRY(control("SAVEPOINT isolated"));
  Status status = fn(*this);
  if (status.ok()) {
    GH_TRY(control("RELEASE SAVEPOINT isolated"));
    return status;
  }
  GH_TRY(control("ROLLBACK TO SAVEPOINT isolated"));
  GH_TRY(control("RELEASE SAVEPOINT isolated"));
  return status;
}

const std::atomic<uint64_t>* Db::watch(const std::vector<Watched>&) { return nullptr; }

}  // namespace gonghui::store
