#pragma once
// Result<T>: a value or an Error, shaped like std::expected (DESIGN.md convention 1). The library is built
// without exceptions; fallible functions return Result and callers propagate with MOSAIC_TRY.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "mosaic/error.h"

namespace mosaic {

template <class T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <class U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, Error> &&
             !std::is_same_v<std::remove_cvref_t<U>, Result>)
  Result(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { assert(!has_value()); return std::get<1>(v_); }
  const Error& error() const& { assert(!has_value()); return std::get<1>(v_); }
  Error&& error() && { assert(!has_value()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  Error& error() & { assert(!ok_); return error_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> ok() { return {}; }

}  // namespace mosaic

// Evaluates a Result expression; on error returns the error from the enclosing function, otherwise the
// expression's value (a GNU statement expression: supported by g++ and clang, the two compilers we build with).
#define MOSAIC_TRY(expr)                                   \
  ({                                                       \
    auto&& mosaic_try_r_ = (expr);                         \
    if (!mosaic_try_r_.has_value()) [[unlikely]]           \
      return std::move(mosaic_try_r_).error();             \
    std::move(mosaic_try_r_).value();                      \
  })
