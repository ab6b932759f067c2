#include "serve/watchdog.h"

namespace mosaic::serve {

Watchdog::Watchdog() : thread_([this] { loop(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

Watchdog::Ticket Watchdog::watch(Clock::time_point deadline, std::function<void()> on_expiry) {
  uint64_t id;
  bool earliest;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    pending_.emplace(std::make_pair(deadline, id), std::move(on_expiry));
    deadlines_.emplace(id, deadline);
    earliest = pending_.begin()->first.second == id;
  }
  if (earliest) changed_.notify_all();
  return Ticket(this, id);
}

void Watchdog::Ticket::reset() {
  if (!dog_) return;
  std::lock_guard lock(dog_->mutex_);
  if (auto it = dog_->deadlines_.find(id_); it != dog_->deadlines_.end()) {
    dog_->pending_.erase({it->second, id_});
    dog_->deadlines_.erase(it);
  }
  dog_ = nullptr;
}

void Watchdog::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    if (pending_.empty()) {
      changed_.wait(lock);
      continue;
    }
    auto first = pending_.begin();
    // A copy: a ticket may erase the entry (and its key) while this thread waits.
    const Clock::time_point deadline = first->first.first;
    if (Clock::now() < deadline) {
      changed_.wait_until(lock, deadline);
      continue;
    }
    std::function<void()> expire = std::move(first->second);
    deadlines_.erase(first->first.second);
    pending_.erase(first);
    expire();
  }
}

}  // namespace mosaic::serve
