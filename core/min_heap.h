// A binary min-heap over a vector, ordered by `Less`, with the operation
// std::priority_queue lacks: replace_top (pop the earliest and push a new
// item in one pass). Event queues use it where the item just served is
// usually followed at once by its successor (a source's next packet, a
// link's next arrival), which halves their heap work. Sift-down moves a hole
// to a leaf along the smaller children and then sifts the item up (Floyd):
// a new item is usually later than most, so it settles near the bottom.
// The order of items that compare equal under `Less` is unspecified, so keys
// must be total (add a sequence number) wherever the order matters.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace fabricvp {

template <class T, class Less> class min_heap {
public:
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const T &top() const { return items_.front(); }

  void push(const T &x) {
    items_.push_back(x);
    sift_up(items_.size() - 1, x);
  }
  void pop() {
    const T last = items_.back();
    items_.pop_back();
    if (!items_.empty())
      replace_top(last);
  }
  void replace_top(const T &x) {
    const std::size_t n = items_.size();
    std::size_t hole = 0;
    for (std::size_t child = 1; child < n; child = 2 * hole + 1) {
      if (child + 1 < n && less_(items_[child + 1], items_[child]))
        ++child;
      items_[hole] = std::move(items_[child]);
      hole = child;
    }
    sift_up(hole, x);
  }

private:
  void sift_up(std::size_t hole, const T &x) {
    while (hole > 0) {
      const std::size_t parent = (hole - 1) / 2;
      if (!less_(x, items_[parent]))
        break;
      items_[hole] = std::move(items_[parent]);
      hole = parent;
    }
    items_[hole] = x;
  }
  std::vector<T> items_;
  Less less_;
};

} // namespace fabricvp
