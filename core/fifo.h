// A first-in first-out queue in one vector: the front is an index, and the
// vector is compacted once half of it has been consumed, so neither end
// allocates per item (std::deque manages a map of chunks on both ends).
// Ports keep their waiting packets in one; time_queue builds on it.
#pragma once

#include <cstddef>
#include <vector>

namespace fabricvp {

template <class T> class fifo {
public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const T &front() const { return items_[head_]; }
  const T &at(std::size_t i) const { return items_[head_ + i]; } // i < size()
  T &front() { return items_[head_]; }
  const T &back() const { return items_.back(); }
  void push_back(const T &x) { items_.push_back(x); }
  void pop_front() {
    if (++head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ >= 32 && 2 * head_ >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

protected:
  std::vector<T> items_;
  std::size_t head_ = 0;
};

} // namespace fabricvp
