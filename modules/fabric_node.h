// What accelerators and switches share: numbered ports (an egress and an
// ingress per port, created when the netlist connects them), its routes
// (per network and destination endpoint, the ports on shortest paths), the choice
// among equal-cost ports (ECMP hash per flow, or least-loaded), and the hooks
// through which packets leave the model (delivered or dropped with a reason).
// Leaves out: per-traffic-class queues and routing that changes at run time.
#pragma once

#include "core/power.h"
#include "modules/route_table.h"
#include "tlm/ports.h"

#include <memory>
#include <string>
#include <vector>

namespace fabricvp {

// Where packets end their life; the testbench's scoreboard implements it.
class packet_observer {
public:
  virtual ~packet_observer() = default;
  virtual void on_delivered(packet &pkt, time_ps at) = 0;
  virtual void on_dropped(packet &pkt, time_ps at, const char *reason,
                          const std::string &where) = 0;
};

enum class port_selection { ecmp_hash, least_loaded };

struct port_pair {
  std::unique_ptr<egress_port> egress;
  std::unique_ptr<ingress_port> ingress;
};

class fabric_node : public sc_core::sc_module, public packet_sink, public egress_owner {
public:
  // Ports are created for the connected indices only (inside the
  // constructor, so that they sit below the node in the SystemC hierarchy).
  fabric_node(sc_core::sc_module_name name, int port_count, const std::vector<bool> &connected,
              bool cut_through);

  int port_count() const { return static_cast<int>(ports_.size()); }
  bool port_created(int i) const { return ports_.at(i).egress != nullptr; }
  egress_port &egress(int i) { return *ports_.at(i).egress; }
  const egress_port &egress(int i) const { return *ports_.at(i).egress; }
  ingress_port &ingress(int i) { return *ports_.at(i).ingress; }

  // Routing (modules/route_table.h): the platform's tables, shared by all
  // nodes, and this node's instance index in them.
  void set_routes(const route_tables *tables, std::size_t instance);
  // Ports on shortest paths towards endpoint dst on a network (0: any
  // link; k: the k-th named network), in connection order.
  port_span routes_towards(std::uint8_t network, std::uint32_t dst) const {
    if (network >= rows_.size())
      return {};
    const route_row &row = rows_[network];
    if (!row.component)
      return tables_->candidates(instance_, network, dst, scratch_);
    const std::uint32_t cls = row.component->class_of(dst);
    if (cls == route_component::no_class)
      return {};
    return row.component->span(row.component->entry(row.local, cls, dst));
  }
  // Number of shortest-path ports towards endpoint dst on a network.
  std::size_t route_count(std::uint8_t network, std::uint32_t dst) const {
    return routes_towards(network, dst).count;
  }
  void set_selection(port_selection s) { selection_ = s; }
  void set_observer(packet_observer *o) { observer_ = o; }
  virtual void use_calendar(arrival_calendar *c) {
    for (auto &p : ports_)
      if (p.ingress)
        p.ingress->use_calendar(c);
  }
  // Salt of the ECMP hash, distinct per node so that tiers do not polarise.
  void set_hash_salt(std::uint32_t salt) { hash_salt_ = salt; }

  virtual bool is_endpoint() const { return false; }
  // Every signal the node can trace (ports, power, buffers).
  virtual void collect_signals(std::vector<signal_track *> &out);
  virtual void collect_power(std::vector<power_model *> &out) {}
  void on_corrupted(packet &pkt, int port_index) override;
  // Reason a packet corrupted on arrival at port i is dropped with:
  // "link_errors" (default, degraded electrical link) or "fec_uncorrectable"
  // (optical link: an RS(544,514) codeword of the frame failed).
  void set_corruption_reason(int i, const char *reason) {
    if (corrupt_reasons_.size() <= static_cast<std::size_t>(i))
      corrupt_reasons_.resize(static_cast<std::size_t>(i) + 1, nullptr);
    corrupt_reasons_[static_cast<std::size_t>(i)] = reason;
  }
  void on_transmit_scheduled(packet &pkt, int port, time_ps start_ps, time_ps end_ps) override;

protected:
  // Port towards dst for this packet, or -1 when there is no route.
  int select_port(const packet &pkt) const;
  // The (channel - 1) mod count-th port towards dst (pkt.channel >= 1).
  int select_channel_port(const packet &pkt) const;
  void drop(packet &pkt, const char *reason);
  // A packet's transmission on one of this node's ports was scheduled.
  virtual void on_departure(packet &pkt, int port, time_ps start, time_ps end) {}
  packet_observer *observer_ = nullptr;
  std::vector<port_pair> ports_;

private:
  void create_port(int i, bool cut_through);
  // Per network, where this node's entries are (no component: computed
  // from the neighbours' entries, into scratch_).
  struct route_row {
    const route_component *component = nullptr;
    std::uint32_t local = 0;
  };
  std::vector<route_row> rows_;
  const route_tables *tables_ = nullptr;
  std::size_t instance_ = 0;
  mutable std::vector<std::uint16_t> scratch_;
  port_selection selection_ = port_selection::ecmp_hash;
  std::uint32_t hash_salt_ = 0;
  std::vector<const char *> corrupt_reasons_;
};

// Deterministic per-flow hash (splitmix64 finaliser) for ECMP.
inline std::uint32_t flow_hash(std::uint32_t flow, std::uint32_t salt) {
  std::uint64_t z = (static_cast<std::uint64_t>(flow) << 32 | salt) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<std::uint32_t>(z ^ (z >> 31));
}

} // namespace fabricvp
