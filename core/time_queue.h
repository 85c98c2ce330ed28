// Items kept in order of their time field `t`, for queues whose items almost
// always arrive in time order: packets in flight on one link, credits a
// receiver promises, a port's departures. Appending in order costs one
// comparison; an item earlier than the last goes after every item with an
// equal or earlier time (binary search and a move). Stored as a fifo.
#pragma once

#include "core/fifo.h"

#include <algorithm>

namespace fabricvp {

template <class T> class time_queue : public fifo<T> {
public:
  void insert(const T &x) {
    std::vector<T> &items = this->items_;
    if (this->empty() || !(x.t < items.back().t)) {
      items.push_back(x);
      return;
    }
    const auto pos =
        std::upper_bound(items.begin() + static_cast<std::ptrdiff_t>(this->head_), items.end(), x,
                         [](const T &a, const T &b) { return a.t < b.t; });
    items.insert(pos, x);
  }

private:
  using fifo<T>::push_back; // order is kept by insert
};

} // namespace fabricvp
