// One full-duplex link between two node ports: a SerDes PHY at each end and
// the electrical channel between them (the optics issue adds optical engines,
// pluggables and fibre to the chain). The link composes the per-packet
// timing of each direction once (data rate after coding and FEC, fixed
// latency = TX pipeline + FEC + propagation + RX pipeline) and checks the
// channel loss at Nyquist against the PHY's budget: a link over budget does
// not come up (an error naming the connection), or, when configured to,
// runs degraded and loses frames at a stated rate.
// Leaves out: link training time, lane failover, asymmetric directions.
#pragma once

#include "core/params.h"
#include "modules/electrical_channel.h"
#include "modules/fabric_node.h"
#include "modules/serdes_phy.h"

#include <memory>

namespace fabricvp {

struct link_spec {
  param_set link_params;                 // fabric_link::param_specs()
  param_set serdes_params;               // serdes_phy::param_specs()
  std::vector<channel_segment> segments; // the electrical channel, end A to end B
};

struct link_end {
  fabric_node *node = nullptr;
  int port = -1;
  double rx_credit_bytes = 0.0; // buffer this end advertises to the other (lossless)
};

class fabric_link : public sc_core::sc_module {
public:
  static const std::vector<param_spec> &param_specs();

  fabric_link(sc_core::sc_module_name name, const link_spec &spec, link_end a, link_end b,
              std::uint64_t seed);

  serdes_phy &phy_a() { return *phy_a_; }
  serdes_phy &phy_b() { return *phy_b_; }
  const electrical_channel &channel() const { return *channel_; }
  const link_timing &timing() const { return timing_; }
  double insertion_loss_db() const { return loss_db_; }
  double margin_db() const { return phy_a_->loss_budget_db() - loss_db_; }
  bool over_budget() const { return margin_db() < 0; }
  bool degraded() const { return over_budget(); }
  flow_control mode() const { return fc_; }
  egress_port &a_to_b() { return a_.node->egress(a_.port); }
  egress_port &b_to_a() { return b_.node->egress(b_.port); }
  const link_end &end_a() const { return a_; }
  const link_end &end_b() const { return b_; }
  void collect_power(std::vector<power_model *> &out);
  void collect_signals(std::vector<signal_track *> &out);

private:
  link_end a_, b_;
  std::unique_ptr<electrical_channel> channel_;
  std::unique_ptr<serdes_phy> phy_a_, phy_b_;
  double loss_db_ = 0.0;
  flow_control fc_;
  link_timing timing_;
};

} // namespace fabricvp
