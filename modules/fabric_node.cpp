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

void fabric_node::set_routes(const route_tables *tables, std::size_t instance) {
  tables_ = tables;
  instance_ = instance;
  rows_.assign(tables ? tables->network_count() : 0, {});
  for (std::size_t net = 0; net < rows_.size(); ++net) {
    const route_tables::placement &p = tables->where(instance, static_cast<std::uint8_t>(net));
    if (p.component >= 0)
      rows_[net] = {&tables->component(static_cast<std::size_t>(p.component)), p.local};
  }
}

int fabric_node::select_port(const packet &pkt) const {
  const port_span candidates = routes_towards(pkt.network, pkt.dst);
  const std::uint16_t *first = candidates.ports;
  const std::size_t count = candidates.count;
  if (count == 0)
    return -1;
  if (count == 1)
    return first[0];
  if (selection_ == port_selection::least_loaded) {
    int best = first[0];
    time_ps best_free = ports_[static_cast<std::size_t>(best)].egress->busy_until();
    std::size_t best_wait = ports_[static_cast<std::size_t>(best)].egress->waiting();
    for (std::size_t k = 1; k < count; ++k) {
      const egress_port &e = *ports_[first[k]].egress;
      if (e.waiting() < best_wait || (e.waiting() == best_wait && e.busy_until() < best_free)) {
        best = first[k];
        best_free = e.busy_until();
        best_wait = e.waiting();
      }
    }
    return best;
  }
  const std::uint32_t h = flow_hash(pkt.flow, hash_salt_);
  return first[h % count];
}

int fabric_node::select_channel_port(const packet &pkt) const {
  const port_span candidates = routes_towards(pkt.network, pkt.dst);
  if (candidates.count == 0)
    return -1;
  return candidates.ports[(pkt.channel - 1u) % candidates.count];
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
