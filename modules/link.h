// One full-duplex link between two node ports: a SerDes PHY at each end and
// the electrical channel between them, or, with an `optics:` section, the
// host-side electrical channel at each end (ASIC to cage, or ASIC to a
// co-packaged engine over XSR), a pluggable module or an optical engine with
// its laser at each end, and the fibre between them. The link composes the per-packet
// timing of each direction once (data rate after coding and FEC, fixed
// latency = TX pipeline + FEC + propagation + RX pipeline) and checks the
// channel loss at Nyquist against the PHY's budget (span by span where
// retimers split the channel; over both host paths as one span for a linear
// pluggable), and the optical power
// budget (launch - losses - penalties vs receiver sensitivity -> margin ->
// pre-FEC BER -> KP4 codeword error, modules/fec_model.h): a link over
// either budget does not come up (an error naming the connection), or, when
// configured to, runs degraded. Either way its frames are lost with the
// probability its margins give (one model for the electrical and the optical
// path: margin -> Q -> BER of each segment -> the link's pre-FEC BER ->
// post-FEC codeword error -> each frame's loss for its own size,
// tlm/frame_errors.h, optionally in Gilbert-Elliott bursts); with
// `link_retry` a lost frame is replayed, taking link time and energy.
// Leaves out: link training time, lane failover, asymmetric directions.
#pragma once

#include "core/params.h"
#include "modules/electrical_channel.h"
#include "modules/fabric_node.h"
#include "modules/laser_source.h"
#include "modules/optical_engine.h"
#include "modules/pluggable_module.h"
#include "modules/serdes_phy.h"

#include <memory>

namespace fabricvp {

struct optics_spec {
  std::string type; // "" (electrical link), "pluggable_module" or "optical_engine"
  param_set module; // pluggable_module::param_specs() or optical_engine::param_specs()
  param_set laser;  // laser_source::param_specs() (optical_engine)
  param_set fiber;  // fiber::param_specs()
  param_set cage;   // cage::param_specs() (pluggable_module)
};

struct link_spec {
  param_set link_params;                 // fabric_link::param_specs()
  param_set serdes_params;               // serdes_phy::param_specs()
  std::vector<channel_segment> segments; // electrical channel end A to end B; with optics,
                                         // the host-side path at each end
  optics_spec optics;
};

// One span of the electrical channel: between the two SerDes, or, where the
// channel holds retimers, between a SerDes and a retimer or two retimers.
// Its budget is the smaller of its two ends' budgets.
struct channel_span {
  double loss_db = 0.0; // at Nyquist
  double budget_db = 0.0;
  double margin_db() const { return budget_db - loss_db; }
};

// Electrical and optical budgets of a link, in closed form (no simulation).
struct link_budget {
  double nyquist_hz = 0.0;
  std::vector<channel_span> spans; // end A to end B (with optics: the host path of one end)
  // The worst span (the only one without retimers): its loss, budget, margin.
  double electrical_loss_db = 0.0; // at Nyquist, per end when optical
  double electrical_budget_db = 0.0;
  double electrical_margin_db = 0.0;
  // A linear pluggable's link: the span is both host paths with both
  // modules' host_loss_penalty, end to end (nothing retimes at the modules).
  bool linear_optics = false;
  // Passive reach: the length of the channel's first cable (cable, aec or
  // lacc) at which the worst span's margin reaches 0 (0 when it has none).
  double cable_reach_m = 0.0;
  bool optical = false;
  double launch_dbm = 0.0;      // per lane into the fibre
  double optical_loss_db = 0.0; // fibre + connectors + receive coupler/demux
  double penalty_db = 0.0;
  double sensitivity_dbm = 0.0;
  double optical_margin_db = 0.0;      // launch - loss - penalty - sensitivity
  double electrical_ber = 0.0;         // of the electrical path (of each end's, when optical)
  double optical_ber = 0.0;            // of the optical path
  double optical_codeword_error = 0.0; // the optical path's alone
  double pre_fec_ber = 0.0;            // of the link: every segment the FEC spans
  double codeword_error = 0.0;         // post-FEC codeword error ratio of the link (bit error
                                       // ratio without FEC)
  bool cage_over_limit = false;        // pluggable max_power > cage power_limit
  bool electrical_fails() const { return electrical_margin_db < 0; }
  bool optical_fails() const { return optical && optical_margin_db < 0; }
};
link_budget compute_link_budget(const link_spec &spec);
// What the receiver of each direction draws frame losses from: the budget's
// codeword error, the FEC's data bits per codeword, the framing and line
// coding, and the burst option.
frame_error_model frame_errors_of(const link_spec &spec, const link_budget &b);

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
  double margin_db() const { return budget_.electrical_margin_db; }
  // Retimers and redrivers in the channel (at both ends when optical): their
  // power (class retimer_dsp), or nullptr when the channel has none.
  power_model *active_copper_power() { return active_power_.get(); }
  const link_budget &budget() const { return budget_; }
  bool over_budget() const { return budget_.electrical_fails() || budget_.optical_fails(); }
  const std::string &optics_type() const { return optics_type_; }
  int laser_channels() const; // lasers at both ends: engine laser channels, or one per
                              // lane in each pluggable (assumption: DR-class modules)
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
  std::unique_ptr<pluggable_module> module_a_, module_b_;
  std::unique_ptr<optical_engine> engine_a_, engine_b_;
  std::unique_ptr<laser_source> laser_a_, laser_b_;
  std::string optics_type_;
  link_budget budget_;
  double loss_db_ = 0.0;
  std::unique_ptr<power_model> active_power_;
  flow_control fc_;
  link_timing timing_;
};

} // namespace fabricvp
