// Items kept in order of their time field `t`, for queues whose items almost
// always arrive in time order: packets in flight on one link, credits a
// receiver promises, a port's departures. Appending in order costs one
// comparison; an item earlier than the last goes after every item with an
// equal or earlier time (binary search and a move). The front is an index
// into one vector, compacted once half of it has been consumed, so neither
// end allocates per item.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace fabricvp {

template <class T> class time_queue {
public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const T &front() const { return items_[head_]; }
  T &front() { return items_[head_]; }

  void insert(const T &x) {
    if (empty() || !(x.t < items_.back().t)) {
      items_.push_back(x);
      return;
    }
    const auto pos =
        std::upper_bound(items_.begin() + static_cast<std::ptrdiff_t>(head_), items_.end(), x,
                         [](const T &a, const T &b) { return a.t < b.t; });
    items_.insert(pos, x);
  }
  void pop_front() {
    if (++head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ >= 32 && 2 * head_ >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

private:
  std::vector<T> items_;
  std::size_t head_ = 0;
};

} // namespace fabricvp
