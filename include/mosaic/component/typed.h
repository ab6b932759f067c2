#pragma once
// Typed access to component functions: C++ types stand for WIT types (WIT.md "Types"), so a host function or an
// export is called with C++ values instead of Values.
//
//   bool, int8_t..uint64_t, float, double, char32_t, std::string   bool, s8..u64, f32, f64, char, string
//   std::vector<T>, std::optional<T>, std::tuple<Ts...>             list<T>, option<T>, tuple<Ts...>
//   WitResult<T, E> (std::monostate for no payload)                 result<T, E>
//   a struct listed with MOSAIC_WIT_RECORD(S, field...)             record (field names: `_` becomes `-`)
//   an enum listed with MOSAIC_WIT_ENUM(E, "label"...)              enum (enumerators 0, 1, ... in order)
//   WitFlags                                                        flags (the names of the set flags)
//   Own<Tag>, Borrow<Tag> (a ResourceRef; Tag names the resource)   own<r>, borrow<r> (any resource type)
//
//   linker.define<uint32_t(uint32_t, uint32_t)>("local:demo/host#add", [](Store&, uint32_t a, uint32_t b) {
//     return a + b; });
//   auto add = instance.get_typed_func<uint32_t(uint32_t, uint32_t)>("local:demo/api#add");  // Result
//   Result<uint32_t> r = add->call(store, 1, 2);
//
// A signature that does not fit the function's type is a Usage error: at lookup (get_typed_func) or when the
// importing component is instantiated (define). A host callable returns R or Result<R>.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "mosaic/component/instance.h"
#include "mosaic/component/linker.h"
#include "mosaic/component/types.h"
#include "mosaic/component/value.h"
#include "mosaic/result.h"

namespace mosaic::component {

// result<T, E>; std::monostate for a missing payload.
template <class T, class E>
struct WitResult {
  std::variant<T, E> v;
  static WitResult ok(T t) { return WitResult{std::variant<T, E>(std::in_place_index<0>, std::move(t))}; }
  static WitResult err(E e) { return WitResult{std::variant<T, E>(std::in_place_index<1>, std::move(e))}; }
  bool is_ok() const { return v.index() == 0; }
  const T& value() const { return std::get<0>(v); }
  const E& error() const { return std::get<1>(v); }
};

// flags: the names of the set flags (any flags type matches; names are checked when lowered).
struct WitFlags {
  std::vector<std::string> set;
};

// Handles to a resource. `Tag` only distinguishes resources in C++; any resource type of the function matches.
template <class Tag>
struct Own {
  ResourceRef ref;
};
template <class Tag>
struct Borrow {
  ResourceRef ref;
};

template <class T, class = void>
struct WitType;  // specialized per mapped C++ type: type(), to_value(), from_value()

namespace typed_detail {

Error mismatch(std::string_view expected, const Value& got);
// Does `want` (from C++: a null resource matches any resource, empty flags labels match any flags) describe
// `have`? The Usage error says where they differ.
Result<void> check_signature(const FuncType& have, const std::vector<ValTypePtr>& params, const ValTypePtr& result,
                             std::string_view what);

inline ValTypePtr make(ValType t) { return std::make_shared<const ValType>(std::move(t)); }

template <TypeKind K, class T>
struct Scalar {
  static ValTypePtr type() { return ValType::primitive(K); }
};

// snake_case C++ member names become kebab-case WIT field names.
inline std::string kebab(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

// Splits the stringized field list "a, b_c" into names.
inline std::vector<std::string> split_names(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    std::string_view part = s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.push_back(kebab(part));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

template <class S, class... M>
struct Record {
  static ValTypePtr type(const std::vector<std::string>& names, std::tuple<M S::*...>) {
    ValType t;
    t.kind = TypeKind::Record;
    std::vector<ValTypePtr> types{WitType<M>::type()...};
    for (size_t i = 0; i < types.size() && i < names.size(); ++i) t.fields.push_back({names[i], types[i]});
    return make(std::move(t));
  }
  static Value to_value(const S& s, const std::vector<std::string>& names, std::tuple<M S::*...> ms) {
    std::vector<std::pair<std::string, Value>> fields;
    size_t i = 0;
    std::apply([&](auto... m) { ((fields.emplace_back(names[i++], WitType<M>::to_value(s.*m))), ...); }, ms);
    return Value::record(std::move(fields));
  }
  static Result<S> from_value(const Value& v, std::tuple<M S::*...> ms) {
    if (v.kind() != TypeKind::Record || v.items().size() != sizeof...(M)) return mismatch("record", v);
    S s{};
    size_t i = 0;
    std::optional<Error> err;
    std::apply(
        [&](auto... m) {
          (([&] {
             auto r = WitType<M>::from_value(v.items()[i++]);
             if (!r) {
               if (!err) err = r.error();
             } else {
               s.*m = std::move(r).value();
             }
           }()),
           ...);
        },
        ms);
    if (err) return *err;
    return s;
  }
};

}  // namespace typed_detail

#define MOSAIC_WIT_SCALAR(CT, KIND, MAKE, GET)                                                        \
  template <>                                                                                         \
  struct WitType<CT> {                                                                                \
    static ValTypePtr type() { return ValType::primitive(TypeKind::KIND); }                           \
    static Value to_value(CT x) { return Value::MAKE(x); }                                            \
    static Result<CT> from_value(const Value& v) {                                                    \
      if (v.kind() != TypeKind::KIND) return typed_detail::mismatch(to_string(TypeKind::KIND), v);    \
      return static_cast<CT>(v.GET());                                                                \
    }                                                                                                 \
  };
MOSAIC_WIT_SCALAR(bool, Bool, make_bool, as_bool)
MOSAIC_WIT_SCALAR(int8_t, S8, s8, as_signed)
MOSAIC_WIT_SCALAR(uint8_t, U8, u8, as_unsigned)
MOSAIC_WIT_SCALAR(int16_t, S16, s16, as_signed)
MOSAIC_WIT_SCALAR(uint16_t, U16, u16, as_unsigned)
MOSAIC_WIT_SCALAR(int32_t, S32, s32, as_signed)
MOSAIC_WIT_SCALAR(uint32_t, U32, u32, as_unsigned)
MOSAIC_WIT_SCALAR(int64_t, S64, s64, as_signed)
MOSAIC_WIT_SCALAR(uint64_t, U64, u64, as_unsigned)
MOSAIC_WIT_SCALAR(float, F32, f32, as_f32)
MOSAIC_WIT_SCALAR(double, F64, f64, as_f64)
MOSAIC_WIT_SCALAR(char32_t, Char, make_char, as_char)
#undef MOSAIC_WIT_SCALAR

template <>
struct WitType<std::string> {
  static ValTypePtr type() { return ValType::primitive(TypeKind::String); }
  static Value to_value(const std::string& s) { return Value::string(s); }
  static Result<std::string> from_value(const Value& v) {
    if (v.kind() != TypeKind::String) return typed_detail::mismatch("string", v);
    return v.as_string();
  }
};

template <class T>
struct WitType<std::vector<T>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::List;
    t.element = WitType<T>::type();
    return typed_detail::make(std::move(t));
  }
  // list<u8> is std::vector<uint8_t> held as bytes (Value::bytes), in one copy each way.
  static Value to_value(const std::vector<T>& xs) {
    if constexpr (std::is_same_v<T, uint8_t>) {
      return Value::bytes(xs);
    } else {
      std::vector<Value> items;
      items.reserve(xs.size());
      for (const T& x : xs) items.push_back(WitType<T>::to_value(x));
      return Value::list(std::move(items));
    }
  }
  static Value to_value(std::vector<T>&& xs) {
    if constexpr (std::is_same_v<T, uint8_t>) {
      return Value::bytes(std::move(xs));
    } else {
      return to_value(static_cast<const std::vector<T>&>(xs));
    }
  }
  static Result<std::vector<T>> from_value(const Value& v) {
    if (v.kind() != TypeKind::List) return typed_detail::mismatch("list", v);
    std::vector<T> out;
    if (v.is_bytes()) {
      if constexpr (std::is_same_v<T, uint8_t>) {
        out.assign(v.as_bytes().begin(), v.as_bytes().end());
      } else {
        out.reserve(v.as_bytes().size());
        for (uint8_t b : v.as_bytes()) out.push_back(MOSAIC_TRY(WitType<T>::from_value(Value::u8(b))));
      }
      return out;
    }
    out.reserve(v.items().size());
    for (const Value& i : v.items()) out.push_back(MOSAIC_TRY(WitType<T>::from_value(i)));
    return out;
  }
};

template <class T>
struct WitType<std::optional<T>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Option;
    t.element = WitType<T>::type();
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const std::optional<T>& x) {
    return x ? Value::option(WitType<T>::to_value(*x)) : Value::option(std::nullopt);
  }
  static Result<std::optional<T>> from_value(const Value& v) {
    if (v.kind() != TypeKind::Option) return typed_detail::mismatch("option", v);
    if (!v.is_some() || !v.payload()) return std::optional<T>();
    return std::optional<T>(MOSAIC_TRY(WitType<T>::from_value(*v.payload())));
  }
};

template <class... Ts>
struct WitType<std::tuple<Ts...>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Tuple;
    t.types = {WitType<Ts>::type()...};
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const std::tuple<Ts...>& x) {
    return std::apply([](const Ts&... e) { return Value::tuple({WitType<Ts>::to_value(e)...}); }, x);
  }
  static Result<std::tuple<Ts...>> from_value(const Value& v) {
    if (v.kind() != TypeKind::Tuple || v.items().size() != sizeof...(Ts)) return typed_detail::mismatch("tuple", v);
    return from_items(v, std::index_sequence_for<Ts...>{});
  }

 private:
  template <size_t... I>
  static Result<std::tuple<Ts...>> from_items(const Value& v, std::index_sequence<I...>) {
    std::tuple<Result<Ts>...> parts{WitType<Ts>::from_value(v.items()[I])...};
    std::optional<Error> err;
    ((std::get<I>(parts) ? void() : (err ? void() : void(err = std::get<I>(parts).error()))), ...);
    if (err) return *err;
    return std::tuple<Ts...>(std::move(std::get<I>(parts)).value()...);
  }
};

template <>
struct WitType<std::monostate> {
  static ValTypePtr type() { return nullptr; }  // no payload
};

template <class T, class E>
struct WitType<WitResult<T, E>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Result;
    t.ok = WitType<T>::type();
    t.err = WitType<E>::type();
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const WitResult<T, E>& r) {
    if (r.is_ok()) return Value::ok(payload<T>(std::get<0>(r.v)));
    return Value::err(payload<E>(std::get<1>(r.v)));
  }
  static Result<WitResult<T, E>> from_value(const Value& v) {
    if (v.kind() != TypeKind::Result) return typed_detail::mismatch("result", v);
    if (!v.is_err()) return WitResult<T, E>::ok(MOSAIC_TRY(unpayload<T>(v)));
    return WitResult<T, E>::err(MOSAIC_TRY(unpayload<E>(v)));
  }

 private:
  template <class P>
  static std::optional<Value> payload(const P& p) {
    if constexpr (std::is_same_v<P, std::monostate>) {
      return std::nullopt;
    } else {
      return WitType<P>::to_value(p);
    }
  }
  template <class P>
  static Result<P> unpayload(const Value& v) {
    if constexpr (std::is_same_v<P, std::monostate>) {
      return P{};
    } else {
      if (!v.payload()) return typed_detail::mismatch("result payload", v);
      return WitType<P>::from_value(*v.payload());
    }
  }
};

template <>
struct WitType<WitFlags> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Flags;  // no labels: any flags type
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const WitFlags& f) { return Value::flags(f.set); }
  static Result<WitFlags> from_value(const Value& v) {
    if (v.kind() != TypeKind::Flags) return typed_detail::mismatch("flags", v);
    return WitFlags{v.flag_names()};
  }
};

template <class Tag>
struct WitType<Own<Tag>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Own;  // no resource: any resource type
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const Own<Tag>& o) { return Value::own(o.ref); }
  static Result<Own<Tag>> from_value(const Value& v) {
    if (v.kind() != TypeKind::Own) return typed_detail::mismatch("own", v);
    return Own<Tag>{v.as_resource()};
  }
};

template <class Tag>
struct WitType<Borrow<Tag>> {
  static ValTypePtr type() {
    ValType t;
    t.kind = TypeKind::Borrow;
    return typed_detail::make(std::move(t));
  }
  static Value to_value(const Borrow<Tag>& b) { return Value::borrow(b.ref); }
  static Result<Borrow<Tag>> from_value(const Value& v) {
    if (v.kind() != TypeKind::Borrow && v.kind() != TypeKind::Own) return typed_detail::mismatch("borrow", v);
    return Borrow<Tag>{v.as_resource()};
  }
};

// MOSAIC_WIT_RECORD(S, a, b_c): S is record { a, b-c } (at most 12 fields). Use at namespace scope of
// mosaic::component or after `namespace mosaic::component {`.
#define MOSAIC_WIT_PTR_1(S, a) &S::a
#define MOSAIC_WIT_PTR_2(S, a, ...) &S::a, MOSAIC_WIT_PTR_1(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_3(S, a, ...) &S::a, MOSAIC_WIT_PTR_2(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_4(S, a, ...) &S::a, MOSAIC_WIT_PTR_3(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_5(S, a, ...) &S::a, MOSAIC_WIT_PTR_4(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_6(S, a, ...) &S::a, MOSAIC_WIT_PTR_5(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_7(S, a, ...) &S::a, MOSAIC_WIT_PTR_6(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_8(S, a, ...) &S::a, MOSAIC_WIT_PTR_7(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_9(S, a, ...) &S::a, MOSAIC_WIT_PTR_8(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_10(S, a, ...) &S::a, MOSAIC_WIT_PTR_9(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_11(S, a, ...) &S::a, MOSAIC_WIT_PTR_10(S, __VA_ARGS__)
#define MOSAIC_WIT_PTR_12(S, a, ...) &S::a, MOSAIC_WIT_PTR_11(S, __VA_ARGS__)
#define MOSAIC_WIT_COUNT(...) MOSAIC_WIT_COUNT_(__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define MOSAIC_WIT_COUNT_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, n, ...) n
#define MOSAIC_WIT_CAT(a, b) MOSAIC_WIT_CAT_(a, b)
#define MOSAIC_WIT_CAT_(a, b) a##b
#define MOSAIC_WIT_RECORD(S, ...)                                                                          \
  template <>                                                                                              \
  struct WitType<S> {                                                                                      \
    static auto members() {                                                                                \
      return std::make_tuple(MOSAIC_WIT_CAT(MOSAIC_WIT_PTR_, MOSAIC_WIT_COUNT(__VA_ARGS__))(S, __VA_ARGS__)); \
    }                                                                                                      \
    template <class... M>                                                                                  \
    static auto record(std::tuple<M S::*...>) { return typed_detail::Record<S, M...>{}; }                  \
    static const std::vector<std::string>& names() {                                                       \
      static const std::vector<std::string> n = typed_detail::split_names(#__VA_ARGS__);                   \
      return n;                                                                                            \
    }                                                                                                      \
    static ValTypePtr type() { return decltype(record(members()))::type(names(), members()); }            \
    static Value to_value(const S& s) { return decltype(record(members()))::to_value(s, names(), members()); } \
    static Result<S> from_value(const Value& v) { return decltype(record(members()))::from_value(v, members()); } \
  };

// MOSAIC_WIT_ENUM(E, "red", "green"): E's enumerators 0, 1, ... are the enum's cases in order.
#define MOSAIC_WIT_ENUM(E, ...)                                                                  \
  template <>                                                                                    \
  struct WitType<E> {                                                                            \
    static const std::vector<std::string>& labels() {                                            \
      static const std::vector<std::string> l = {__VA_ARGS__};                                   \
      return l;                                                                                  \
    }                                                                                            \
    static ValTypePtr type() {                                                                   \
      ValType t;                                                                                 \
      t.kind = TypeKind::Enum;                                                                   \
      t.labels = labels();                                                                       \
      return typed_detail::make(std::move(t));                                                   \
    }                                                                                            \
    static Value to_value(E e) {                                                                 \
      size_t i = static_cast<size_t>(e);                                                         \
      return Value::enum_case(i < labels().size() ? labels()[i] : std::string());                \
    }                                                                                            \
    static Result<E> from_value(const Value& v) {                                                \
      if (v.kind() == TypeKind::Enum)                                                            \
        for (size_t i = 0; i < labels().size(); ++i)                                             \
          if (labels()[i] == v.case_name()) return static_cast<E>(i);                            \
      return typed_detail::mismatch("enum", v);                                                  \
    }                                                                                            \
  };

// A component function called with C++ values.
template <class Sig>
class TypedFunc;

template <class R, class... Args>
class TypedFunc<R(Args...)> {
 public:
  TypedFunc() = default;
  explicit TypedFunc(Func f) : f_(f) {}
  Result<R> call(Store& store, const Args&... args) const {
    std::vector<Value> in{WitType<std::decay_t<Args>>::to_value(args)...};
    std::vector<Value> out = MOSAIC_TRY(f_.call(store, in));
    if constexpr (std::is_void_v<R>) {
      return ok();
    } else {
      if (out.size() != 1) return Error(ErrorKind::Usage, "typed call: expected one result");
      return WitType<R>::from_value(out[0]);
    }
  }
  const Func& func() const { return f_; }

 private:
  Func f_;
};

namespace typed_detail {

template <class R, class... Args>
Result<void> check(const FuncType& ft, std::string_view what) {
  std::vector<ValTypePtr> params{WitType<std::decay_t<Args>>::type()...};
  ValTypePtr result;
  if constexpr (!std::is_void_v<R>) result = WitType<R>::type();
  return check_signature(ft, params, result, what);
}

template <class Sig>
struct SigTraits;
template <class R, class... Args>
struct SigTraits<R(Args...)> {
  static Result<void> check(const FuncType& ft, std::string_view what) { return typed_detail::check<R, Args...>(ft, what); }

  // Calls `f(store, args...)` with the arguments converted from Values; the result (R or Result<R>) becomes
  // `results`.
  template <class F>
  static Result<void> invoke(F& f, Store& store, std::span<const Value> args, std::vector<Value>& results) {
    if (args.size() != sizeof...(Args)) return Error(ErrorKind::Usage, "typed host function: wrong argument count");
    return invoke_(f, store, args, results, std::index_sequence_for<Args...>{});
  }

 private:
  template <class F, size_t... I>
  static Result<void> invoke_(F& f, Store& store, std::span<const Value> args, std::vector<Value>& results,
                              std::index_sequence<I...>) {
    (void)args;  // unused when there are no parameters
    std::tuple<Result<std::decay_t<Args>>...> conv{WitType<std::decay_t<Args>>::from_value(args[I])...};
    std::optional<Error> err;
    ((std::get<I>(conv) ? void() : (err ? void() : void(err = std::get<I>(conv).error()))), ...);
    if (err) return *err;
    using Ret = std::invoke_result_t<F&, Store&, Args...>;
    if constexpr (std::is_void_v<Ret>) {
      f(store, std::move(std::get<I>(conv)).value()...);
    } else if constexpr (std::is_same_v<Ret, Result<void>>) {
      MOSAIC_TRY(f(store, std::move(std::get<I>(conv)).value()...));
    } else if constexpr (std::is_same_v<Ret, Result<R>>) {
      R r = MOSAIC_TRY(f(store, std::move(std::get<I>(conv)).value()...));
      results.push_back(WitType<R>::to_value(std::move(r)));
    } else {
      results.push_back(WitType<R>::to_value(f(store, std::move(std::get<I>(conv)).value()...)));
    }
    return ok();
  }
};

}  // namespace typed_detail

template <class Sig, class F>
void Linker::define(std::string_view path, F&& callable) {
  using Traits = typed_detail::SigTraits<Sig>;
  std::string name(path);
  define_func(
      path,
      [f = std::forward<F>(callable)](Store& store, std::span<const Value> args,
                                      std::vector<Value>& results) mutable -> Result<void> {
        return Traits::invoke(f, store, args, results);
      },
      [name](const FuncType& ft) { return Traits::check(ft, name); });
}

template <class Sig>
Result<TypedFunc<Sig>> Instance::get_typed_func(std::string_view path) const {
  std::optional<Func> f = get_func(path);
  if (!f) return Error(ErrorKind::Usage, "no function export `" + std::string(path) + "`");
  MOSAIC_TRY(typed_detail::SigTraits<Sig>::check(f->type(), path));
  return TypedFunc<Sig>(*f);
}

}  // namespace mosaic::component
