#pragma once
// Helpers shared by the fuzz targets.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

#include "mosaic/store.h"

namespace mosaic::fuzz {

// Aborts with a message: libFuzzer reports the abort as a crash and keeps the input.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}
#define MOSAIC_FUZZ_CHECK(cond)                                 \
  do {                                                          \
    if (!(cond)) ::mosaic::fuzz::fail(#cond " (" __FILE__ ")"); \
  } while (0)

// One thread that interrupts the store of the current input once its time is up (Store::interrupt_handle):
// a bound on an input's run time that does not depend on fuel metering alone (a memory.fill of many megabytes
// is one instruction).
class Watchdog {
 public:
  Watchdog() : thread_([this] { run(); }) {}
  ~Watchdog() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void arm(std::shared_ptr<InterruptHandle> handle, std::chrono::milliseconds budget) {
    {
      std::lock_guard lock(mu_);
      handle_ = std::move(handle);
      deadline_ = std::chrono::steady_clock::now() + budget;
    }
    cv_.notify_all();
  }
  void disarm() {
    std::lock_guard lock(mu_);
    handle_.reset();
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (!handle_) {
        cv_.wait(lock);
        continue;
      }
      auto deadline = deadline_;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && handle_ && deadline_ == deadline) {
        handle_->interrupt();
        handle_.reset();
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<InterruptHandle> handle_;
  std::chrono::steady_clock::time_point deadline_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mosaic::fuzz
