#pragma once
// GuestMemory: bounds-checked access to the calling instance's linear memory. Every guest pointer a WASI
// function receives goes through here; an access outside the memory is errno `fault`, never a host read or
// write out of bounds. Values are little-endian (the host is little-endian, see CMakeLists.txt).

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace mosaic::wasi::p1 {

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(size) {}

  uint64_t size() const { return size_; }

  // True when [ptr, ptr + len) lies inside the memory.
  bool in_bounds(uint64_t ptr, uint64_t len) const { return ptr <= size_ && len <= size_ - ptr; }

  // The bytes [ptr, ptr + len), or an empty optional when out of bounds.
  std::optional<std::span<uint8_t>> bytes(uint64_t ptr, uint64_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return std::span<uint8_t>(base_ + ptr, len);
  }
  std::optional<std::string_view> string(uint64_t ptr, uint64_t len) const {
    if (!in_bounds(ptr, len)) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(base_ + ptr), len);
  }

  // Integer loads and stores; false when out of bounds.
  template <class T>
  bool load(uint64_t ptr, T& out) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(&out, base_ + ptr, sizeof(T));
    return true;
  }
  template <class T>
  bool store(uint64_t ptr, T value) const {
    static_assert(std::is_trivially_copyable_v<T>);
    if (!in_bounds(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &value, sizeof(T));
    return true;
  }

  // Writes `data` at ptr; false when out of bounds.
  bool write(uint64_t ptr, std::span<const uint8_t> data) const {
    if (!in_bounds(ptr, data.size())) return false;
    if (!data.empty()) std::memcpy(base_ + ptr, data.data(), data.size());
    return true;
  }
  bool write(uint64_t ptr, std::string_view data) const {
    return write(ptr, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
  }

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace mosaic::wasi::p1
