// The one error type of gonghui: a stable machine-readable code, a message and the field
// it concerns, plus a kind that the HTTP layer maps to a status.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace gonghui {

enum class ErrorKind {
  kInvalidArgument,  // 400: the caller sent something wrong; `field` names it.
  kUnauthenticated,  // 401
  kForbidden,        // 403
  kNotFound,         // 404
  kConflict,         // 409: state does not allow it (duplicate, already done, …)
  kUnprocessable,    // 422: well-formed but rejected as a whole (e.g. an import)
  kTooManyRequests,  // 429
  kUnavailable,      // 503: overloaded or shutting down; retry later
  kInternal,         // 500: a bug or a broken store; never the caller's fault
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // stable, snake_case, e.g. "insufficient_points"
  std::string message;  // English sentence for logs and API clients
  std::string field;    // the request field at fault, empty if none

  static Error invalid(std::string field, std::string code, std::string message) {
    return {ErrorKind::kInvalidArgument, std::move(code), std::move(message), std::move(field)};
  }
  static Error not_found(std::string what) {
    return {ErrorKind::kNotFound, "not_found", std::move(what) + " not found", {}};
  }
  static Error forbidden(std::string message = "you may not do this") {
    return {ErrorKind::kForbidden, "forbidden", std::move(message), {}};
  }
  static Error conflict(std::string code, std::string message, std::string field = {}) {
    return {ErrorKind::kConflict, std::move(code), std::move(message), std::move(field)};
  }
  static Error internal(std::string message) {
    return {ErrorKind::kInternal, "internal", std::move(message), {}};
  }
};

// Result<T> holds either a value or an Error. Cheap on success; no exceptions.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

// Status is a Result without a value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  static Status Ok() { return {}; }

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace gonghui

// Propagates an error from an expression yielding Result<T> or Status.
#define GH_TRY(expr)                            \
  do {                                          \
    auto gh_try_result_ = (expr);               \
    if (!gh_try_result_.ok()) {                 \
      return std::move(gh_try_result_).error(); \
    }                                           \
  } while (false)

#define GH_CONCAT_INNER(a, b) a##b
#define GH_CONCAT(a, b) GH_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T> expression, returning its error if it failed.
#define GH_ASSIGN(lhs, expr) GH_ASSIGN_IMPL(GH_CONCAT(gh_assign_, __LINE__), lhs, expr)
#define GH_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                   \
  if (!tmp.ok()) {                     \
    return std::move(tmp).error();     \
  }                                    \
  lhs = std::move(tmp).value()
