#include "modules/fabric_node.h"

namespace fabricvp {

fabric_node::fabric_node(sc_core::sc_module_name name, int port_count,
                         const std::vector<bool> &connected, bool cut_through)
    : sc_module(name), ports_(static_cast<std::size_t>(port_count)) {
  for (int i = 0; i < port_count; ++i)
    if (static_cast<std::size_t>(i) < connected.size() && connected[static_cast<std::size_t>(i)])
      create_port(i, cut_through);
}

void fabric_node::create_port(int i, bool cut_through) {
  port_pair &p = ports_.at(static_cast<std::size_t>(i));
  const std::string base = "port" + std::to_string(i);
  p.egress = std::make_unique<egress_port>((base + "_tx").c_str());
  p.ingress = std::make_unique<ingress_port>((base + "_rx").c_str(), *this, i, cut_through);
  p.egress->set_owner(this, i);
}

void fabric_node::on_transmit_scheduled(packet &pkt, int port, time_ps start, time_ps end) {
  // The packet's buffer space here frees when its last bit has left.
  if (pkt.held_at)
    pkt.held_at->release(pkt, end);
  on_departure(pkt, port, start, end);
}

void fabric_node::collect_signals(std::vector<signal_track *> &out) {
  for (auto &p : ports_) {
    if (!p.egress || !p.egress->connected())
      continue;
    out.push_back(&p.egress->queue_depth);
    if (p.egress->mode() == flow_control::credit)
      out.push_back(&p.egress->credits);
    out.push_back(&p.egress->link_busy);
  }
}

int fabric_node::select_port(const packet &pkt) const {
  if (pkt.network >= routes_.size())
    return -1;
  const route_table &table = routes_[pkt.network];
  if (pkt.dst + 1 >= table.begin.size())
    return -1;
  const std::uint16_t *candidates = table.ports.data() + table.begin[pkt.dst];
  const std::size_t count = table.begin[pkt.dst + 1] - table.begin[pkt.dst];
  if (count == 0)
    return -1;
  if (count == 1)
    return candidates[0];
  if (selection_ == port_selection::least_loaded) {
    int best = candidates[0];
    time_ps best_free = ports_[static_cast<std::size_t>(best)].egress->busy_until();
    std::size_t best_wait = ports_[static_cast<std::size_t>(best)].egress->waiting();
    for (std::size_t k = 1; k < count; ++k) {
      const egress_port &e = *ports_[candidates[k]].egress;
      if (e.waiting() < best_wait || (e.waiting() == best_wait && e.busy_until() < best_free)) {
        best = candidates[k];
        best_free = e.busy_until();
        best_wait = e.waiting();
      }
    }
    return best;
  }
  const std::uint32_t h = flow_hash(pkt.flow, hash_salt_);
  return candidates[h % count];
}

int fabric_node::select_channel_port(const packet &pkt) const {
  const std::size_t count = route_count(pkt.network, pkt.dst);
  if (count == 0)
    return -1;
  const route_table &table = routes_[pkt.network];
  return table.ports[table.begin[pkt.dst] + (pkt.channel - 1u) % count];
}

void fabric_node::drop(packet &pkt, const char *reason) {
  if (observer_)
    observer_->on_dropped(pkt, now_ps(), reason, name());
}

} // namespace fabricvp

namespace fabricvp {

void fabric_node::on_corrupted(packet &pkt, int port_index) {
  ingress(port_index).release(pkt, now_ps());
  const auto i = static_cast<std::size_t>(port_index);
  drop(pkt,
       i < corrupt_reasons_.size() && corrupt_reasons_[i] ? corrupt_reasons_[i] : "link_errors");
}

} // namespace fabricvp
