// Recycles packet objects: a run creates millions of packets but holds only
// those in flight. Blocks of packets are never moved, so references stay valid.
#pragma once

#include "tlm/packet.h"

#include <memory>
#include <vector>

namespace fabricvp {

class packet_pool {
public:
  packet &acquire() {
    if (free_.empty()) {
      blocks_.push_back(std::make_unique<packet[]>(block_size));
      for (std::size_t i = 0; i < block_size; ++i)
        free_.push_back(&blocks_.back()[i]);
    }
    packet *p = free_.back();
    free_.pop_back();
    *p = packet{};
    ++in_use_;
    return *p;
  }
  void release(packet &p) {
    free_.push_back(&p);
    --in_use_;
  }
  std::size_t in_use() const { return in_use_; }

private:
  static constexpr std::size_t block_size = 4096;
  std::vector<std::unique_ptr<packet[]>> blocks_;
  std::vector<packet *> free_;
  std::size_t in_use_ = 0;
};

} // namespace fabricvp
