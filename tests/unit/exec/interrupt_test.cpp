// Interrupting a running guest (Store::interrupt_handle): the interpreter polls the store's flag at every
// function entry and every branch back to a loop, so an endless loop or recursion traps with "interrupt" soon
// after another thread sets it; a guest that is not interrupted is not disturbed, and the flag stays set.

#include <chrono>
#include <memory>
#include <thread>

#include "exec/interp/stack.h"
#include "interp_harness.h"
#include "mosaic/mosaic.h"

namespace mosaic::exec::interp::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint8_t kI32 = op::kI32, kI64 = op::kI64;
constexpr uint8_t kI32Eqz = 0x45, kI32Eq = 0x46, kI32Ne = 0x47, kI64Eqz = 0x50, kI64Sub = 0x7d,
                  kI64Add = 0x7c;

// Sets the store's interrupt flag from another thread after `delay`.
class Interrupter {
 public:
  Interrupter(std::shared_ptr<InterruptHandle> handle, milliseconds delay)
      : thread_([handle = std::move(handle), delay] {
          std::this_thread::sleep_for(delay);
          handle->interrupt();
        }) {}
  ~Interrupter() { thread_.join(); }

 private:
  std::thread thread_;
};

// Calls `name` with `args` while another thread interrupts the store after 50 ms: the call must trap with
// "interrupt", and not long after the interrupt.
::testing::AssertionResult interrupted_after_50ms(Harness& h, const std::string& name,
                                                  std::vector<uint64_t> args = {}) {
  const Clock::time_point start = Clock::now();
  Result<std::vector<uint64_t>> r = [&] {
    Interrupter interrupter(h.store().interrupt_handle(), milliseconds(50));
    return h.invoke(name, std::move(args));
  }();
  const auto elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  if (r) return ::testing::AssertionFailure() << name << " returned normally";
  if (r.error().kind != ErrorKind::Trap || r.error().message != "interrupt")
    return ::testing::AssertionFailure() << name << ": " << r.error().to_string();
  if (elapsed < milliseconds(40))
    return ::testing::AssertionFailure() << name << " trapped before the interrupt";
  if (elapsed > milliseconds(1500))
    return ::testing::AssertionFailure() << name << " took " << elapsed.count() << " ms";
  return ::testing::AssertionSuccess();
}

// An endless loop of each kind of back edge, each its own export:
//   br        loop br 0 end
//   br_copy   i32.const 1 loop (param i32) i32.const 2 br 0 end      (the branch moves its value)
//   br_if     loop local.get 0 br_if 0 end                             (argument 1)
//   br_eqz    loop local.get 0 i32.eqz br_if 0 end                     (argument 0: a br_if on i32.eqz)
//   br_if_rr  loop local.get 0 local.get 0 i32.eq br_if 0 end          (a test fused with the br_if)
//   br_if_ri  loop local.get 0 i32.const 5 i32.ne br_if 0 end          (argument 0; constant operand)
//   br_if_copy  i32.const 1 loop (param i32) i32.const 2 local.get 0 br_if 0 drop drop end   (argument 1)
//   br_table  loop local.get 0 br_table 0 0 end                        (argument 0)
// Type 0: [] -> [], type 1: [i32] -> [], type 2: [i32] -> [] as a block type.
ModuleBytes spin_module() {
  ModuleBytes m;
  m.types = {func_type({}, {}), func_type({kI32}, {})};
  const Bytes loop = {op::kLoop, op::kEmpty};
  const Bytes loop_param = {op::kLoop, 0x01};  // block type: type index 1, [i32] -> []
  m.func(0, cat({loop, br(0), {op::kEnd, op::kEnd}}));
  m.func(0, cat({i32c(1), loop_param, i32c(2), br(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({loop, local_get(0), br_if(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({loop, local_get(0), {kI32Eqz}, br_if(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({loop, local_get(0), local_get(0), {kI32Eq}, br_if(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({loop, local_get(0), i32c(5), {kI32Ne}, br_if(0), {op::kEnd, op::kEnd}}));
  m.func(1, cat({i32c(1),
                 loop_param,
                 i32c(2),
                 local_get(0),
                 br_if(0),
                 {op::kDrop, op::kDrop, op::kEnd, op::kEnd}}));
  m.func(1, cat({loop, local_get(0), {op::kBrTable, 1, 0, 0}, {op::kEnd, op::kEnd}}));
  m.exports = {export_func("br", 0),         export_func("br_copy", 1),  export_func("br_if", 2),
               export_func("br_eqz", 3),     export_func("br_if_rr", 4), export_func("br_if_ri", 5),
               export_func("br_if_copy", 6), export_func("br_table", 7)};
  return m;
}

TEST(Interrupt, EveryKindOfLoopBackEdge) {
  const Bytes bytes = spin_module().build();
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> cases = {
      {"br", {}},        {"br_copy", {}},   {"br_if", {1}},      {"br_eqz", {0}},
      {"br_if_rr", {7}}, {"br_if_ri", {0}}, {"br_if_copy", {1}}, {"br_table", {0}}};
  for (const auto& [name, args] : cases) {
    Harness h;  // a store per case: the flag stays set once set
    MOSAIC_LOAD(h, bytes);
    EXPECT_TRUE(interrupted_after_50ms(h, name, args));
  }
}

// Recursion without loops: f(n) = n == 0 ? 0 : f(n - 1) + f(n - 1), 2^62 calls, at most 62 deep; and a
// linear descent 20000 frames deep that ends in an endless loop.
TEST(Interrupt, Recursion) {
  ModuleBytes m;
  m.types = {func_type({kI64}, {kI64})};
  m.func(0, cat({local_get(0),
                 {kI64Eqz, op::kIf, kI64},
                 i64c(0),
                 {op::kElse},
                 local_get(0),
                 i64c(1),
                 {kI64Sub},
                 call(0),
                 local_get(0),
                 i64c(1),
                 {kI64Sub},
                 call(0),
                 {kI64Add, op::kEnd, op::kEnd}}));
  m.func(0, cat({local_get(0),
                 {kI64Eqz, op::kIf, kI64, op::kLoop, op::kEmpty},
                 br(0),
                 {op::kEnd, op::kUnreachable, op::kElse},
                 local_get(0),
                 i64c(1),
                 {kI64Sub},
                 call(1),
                 {op::kEnd, op::kEnd}}));
  m.exports = {export_func("tree", 0), export_func("descend", 1)};
  const Bytes bytes = m.build();
  {
    Harness h;
    MOSAIC_LOAD(h, bytes);
    EXPECT_EQ(ok_results(h.invoke("tree", {10})), std::vector<uint64_t>{0});
    EXPECT_TRUE(interrupted_after_50ms(h, "tree", {62}));
  }
  {
    Harness h;
    MOSAIC_LOAD(h, bytes);
    EXPECT_TRUE(interrupted_after_50ms(h, "descend", {20000}));
    // The trap unwound every frame: the stack is back at its base.
    EXPECT_EQ(h.store().stack()->frame_top, h.store().stack()->frames.get());
    EXPECT_EQ(h.store().stack()->nesting, 0u);
  }
}

// A loop of 3,000,000 iterations, not interrupted, runs to its end; so does one with a watchdog that is
// never due.
TEST(Interrupt, NotInterruptedRunsToTheEnd) {
  ModuleBytes m;
  m.types = {func_type({kI64}, {kI64})};
  // (local $acc i64) loop acc += n; n -= 1; br_if 0 (n != 0) end; acc
  m.func(0,
         cat({{op::kLoop, op::kEmpty},
              local_get(1),
              local_get(0),
              {kI64Add},
              local_set(1),
              local_get(0),
              i64c(1),
              {kI64Sub},
              local_tee(0),
              {kI64Eqz, kI32Eqz},
              br_if(0),
              {op::kEnd},
              local_get(1),
              {op::kEnd}}),
         {{1, kI64}});
  m.exports = {export_func("sum", 0)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("sum", {3'000'000})), std::vector<uint64_t>{3'000'000ull * 3'000'001ull / 2});
  EXPECT_FALSE(h.store().interrupt_handle()->interrupted());
  EXPECT_EQ(ok_results(h.invoke("sum", {10})), std::vector<uint64_t>{55});
}

// A flag set before the call traps at once, even a function without loops or calls; and it stays set, so
// every later call traps too.
TEST(Interrupt, FlagSetBeforeTheCallTrapsAtOnce) {
  ModuleBytes m;
  m.types = {func_type({}, {kI32}), func_type({}, {})};
  m.func(0, cat({i32c(42), {op::kEnd}}));
  m.func(1, cat({{op::kLoop, op::kEmpty}, br(0), {op::kEnd, op::kEnd}}));
  m.exports = {export_func("answer", 0), export_func("spin", 1)};
  Harness h;
  MOSAIC_LOAD(h, m.build());
  EXPECT_EQ(ok_results(h.invoke("answer")), std::vector<uint64_t>{42});
  h.store().interrupt_handle()->interrupt();
  EXPECT_TRUE(traps_with(h.invoke("answer"), "interrupt"));
  const Clock::time_point start = Clock::now();
  EXPECT_TRUE(traps_with(h.invoke("spin"), "interrupt"));
  EXPECT_LT(Clock::now() - start, milliseconds(500));
  EXPECT_TRUE(traps_with(h.invoke("answer"), "interrupt"));
}

// A host function that calls back into wasm (as canonical ABI calls of a component do): the inner call's
// trap ends the outer one with the same message.
TEST(Interrupt, InsideACallBackFromTheHost) {
  ModuleBytes m;
  m.types = {func_type({}, {})};
  m.imports = {cat({name("host"), name("reenter"), {0x00}, uleb(0)})};
  m.func(0, cat({call(0), {op::kEnd}}));
  m.func(0, cat({{op::kLoop, op::kEmpty}, br(0), {op::kEnd, op::kEnd}}));
  m.exports = {export_func("outer", 1), export_func("spin", 2)};
  Harness h;
  FuncInst* spin = nullptr;
  FuncInst* host =
      h.store().add_host_func(binary::FuncType{}, [&](Store& store, Instance*, const uint64_t*, uint64_t*) {
        return interp::call(store, spin, nullptr, nullptr);
      });
  MOSAIC_LOAD(h, m.build(), {ExternVal{binary::ExternKind::Func, host}});
  spin = h.func("spin");
  EXPECT_TRUE(interrupted_after_50ms(h, "outer"));
}

// The public API: Store::interrupt_handle is the store's one flag, it stops a running call, and it stays
// usable after the store is gone.
TEST(Interrupt, PublicStoreHandle) {
  ModuleBytes m;
  m.types = {func_type({}, {})};
  m.func(0, cat({{op::kLoop, op::kEmpty}, br(0), {op::kEnd, op::kEnd}}));
  m.exports = {export_func("spin", 0)};
  Engine engine;
  Result<mosaic::Module> module = mosaic::Module::compile(engine, m.build());
  ASSERT_TRUE(module) << module.error().to_string();

  std::shared_ptr<InterruptHandle> handle;
  {
    mosaic::Store store(engine);
    handle = store.interrupt_handle();
    ASSERT_TRUE(handle);
    EXPECT_EQ(handle, store.interrupt_handle());
    Result<mosaic::Instance> instance = mosaic::Instance::create(store, *module, {});
    ASSERT_TRUE(instance) << instance.error().to_string();
    std::optional<mosaic::Extern> spin = instance->get_export(store, "spin");
    ASSERT_TRUE(spin && spin->func());
    Result<std::vector<mosaic::Val>> r = [&] {
      Interrupter interrupter(handle, milliseconds(50));
      return spin->func()->call(store, {});
    }();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Trap);
    EXPECT_EQ(r.error().message, "interrupt");
    EXPECT_FALSE(r.error().backtrace.empty());
  }
  // The store is gone; the handle is still there, and interrupting does nothing harmful.
  EXPECT_TRUE(handle->interrupted());
  EXPECT_EQ(handle.use_count(), 1);
  handle->interrupt();
  EXPECT_TRUE(handle->interrupted());
}

// A fresh handle outlives its store without ever being used.
TEST(Interrupt, HandleOutlivesAnUnusedStore) {
  Engine engine;
  std::shared_ptr<InterruptHandle> handle;
  {
    mosaic::Store store(engine);
    handle = store.interrupt_handle();
  }
  EXPECT_FALSE(handle->interrupted());
  handle->interrupt();
  EXPECT_TRUE(handle->interrupted());
}

}  // namespace
}  // namespace mosaic::exec::interp::test
