#pragma once
// Watchdog: runs a callback when a deadline passes (a request's timeout), on a thread of its own. A Ticket
// stands for one deadline: destroying it before the deadline cancels the callback, and once the destructor
// returns the callback is either done or will never run.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace mosaic::serve {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  Watchdog();
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  class Ticket {
   public:
    Ticket() = default;
    ~Ticket() { reset(); }
    Ticket(Ticket&& other) noexcept : dog_(std::exchange(other.dog_, nullptr)), id_(other.id_) {}
    Ticket& operator=(Ticket&& other) noexcept {
      reset();
      dog_ = std::exchange(other.dog_, nullptr);
      id_ = other.id_;
      return *this;
    }
    void reset();

   private:
    friend class Watchdog;
    Ticket(Watchdog* dog, uint64_t id) : dog_(dog), id_(id) {}
    Watchdog* dog_ = nullptr;
    uint64_t id_ = 0;
  };

  // `on_expiry` runs on the watchdog's thread and must be brief (it holds the watchdog's lock).
  [[nodiscard]] Ticket watch(Clock::time_point deadline, std::function<void()> on_expiry);

 private:
  void loop();

  std::mutex mutex_;
  std::condition_variable changed_;
  // Keyed by (deadline, id): the earliest first.
  std::map<std::pair<Clock::time_point, uint64_t>, std::function<void()>> pending_;
  std::map<uint64_t, Clock::time_point> deadlines_;
  uint64_t next_id_ = 1;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace mosaic::serve
