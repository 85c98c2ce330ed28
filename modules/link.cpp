#include "modules/link.h"

namespace fabricvp {

const std::vector<param_spec> &fabric_link::param_specs() {
  static const std::vector<param_spec> specs = {
      choice_param("flow_control", "credit", {"credit", "lossy"},
                   "credit-based lossless (NVLink-like) or lossy drop-tail (Ethernet-like)"),
      number_param("framing_overhead", dimension::size, "20B", 0, 4096,
                   "per-packet bytes on the wire besides the frame (preamble, SFD, IPG)",
                   "IEEE 802.3: 8 B preamble/SFD + 12 B inter-packet gap"),
      number_param("cut_through_header", dimension::size, "64B", 1, 65536,
                   "bytes a cut-through receiver needs before it can forward"),
      number_param("credit_buffer", dimension::size, "0B", 0, 1e12,
                   "receiver buffer advertised as credits (0: the receiving node decides)"),
      choice_param("on_budget_fail", "error", {"error", "degrade"},
                   "loss over the SerDes budget: refuse the link, or run it losing frames"),
      number_param("degraded_frame_loss", dimension::none, "1e-3", 0, 1,
                   "frame loss ratio of a link running over budget (degrade mode)",
                   "assumption: the optics issue replaces this with an SNR/BER model"),
  };
  return specs;
}

fabric_link::fabric_link(sc_core::sc_module_name name, const link_spec &spec, link_end a,
                         link_end b, std::uint64_t seed)
    : sc_module(name), a_(a), b_(b),
      fc_(spec.link_params.get_choice("flow_control") == "credit" ? flow_control::credit
                                                                   : flow_control::lossy) {
  channel_ = std::make_unique<electrical_channel>("channel", spec.segments);
  // The Nyquist frequency comes from the PHY parameters; read the loss there.
  const double lane_rate = spec.serdes_params.get("lane_rate");
  const double bits_per_symbol = spec.serdes_params.get_choice("modulation") == "pam4" ? 2.0 : 1.0;
  loss_db_ = channel_->insertion_loss_db(lane_rate / bits_per_symbol / 2.0);
  phy_a_ = std::make_unique<serdes_phy>("phy_a", spec.serdes_params, loss_db_);
  phy_b_ = std::make_unique<serdes_phy>("phy_b", spec.serdes_params, loss_db_);

  timing_.line_rate_bps = phy_a_->line_rate_bps();
  timing_.data_rate_bps = phy_a_->data_rate_bps();
  timing_.overhead_bytes = spec.link_params.get("framing_overhead");
  timing_.header_bytes = spec.link_params.get("cut_through_header");
  timing_.fixed_latency_ps = phy_a_->tx_latency_ps() + phy_a_->fec_latency_ps() +
                             channel_->propagation_ps() + phy_b_->rx_latency_ps();
  timing_.credit_latency_ps = timing_.fixed_latency_ps;

  const double override_credits = spec.link_params.get("credit_buffer");
  const double frame_loss =
      over_budget() ? spec.link_params.get("degraded_frame_loss") : 0.0;
  auto wire = [&](link_end &from, link_end &to, serdes_phy &tx, serdes_phy &rx,
                  std::uint64_t dir_seed) {
    egress_port &e = from.node->egress(from.port);
    ingress_port &i = to.node->ingress(to.port);
    const double credits = override_credits > 0 ? override_credits : to.rx_credit_bytes;
    e.configure(timing_, fc_, credits);
    e.set_connected();
    e.add_power_model(&tx.power());
    e.add_power_model(&rx.power());
    e.socket.bind(i.socket);
    i.connected = true;
    i.credit_mode = fc_ == flow_control::credit;
    i.buffer_bytes = credits;
    i.set_frame_loss(frame_loss, dir_seed);
  };
  wire(a_, b_, *phy_a_, *phy_b_, seed * 2 + 1);
  wire(b_, a_, *phy_b_, *phy_a_, seed * 2 + 2);
}

void fabric_link::collect_power(std::vector<power_model *> &out) {
  out.push_back(&phy_a_->power());
  out.push_back(&phy_b_->power());
}

void fabric_link::collect_signals(std::vector<signal_track *> &out) {
  out.push_back(&phy_a_->power().track());
  out.push_back(&phy_b_->power().track());
}

} // namespace fabricvp
