#include "modules/link.h"

#include "modules/cage.h"
#include "modules/fec_model.h"
#include "modules/fiber.h"

#include <algorithm>
#include <cmath>

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
      name_param("network", "",
                 "network the link belongs to (e.g. scale_up, scale_out); traffic sent on a "
                 "named network is routed over its links only, unnamed traffic over any link"),
      choice_param("on_budget_fail", "error", {"error", "degrade"},
                   "loss over the SerDes budget: refuse the link, or run it losing frames"),
      integer_param("spare_lanes", "0", 0, 32,
                    "spare lanes per link end: the link survives this many lane failures "
                    "(reliability model; the lanes carrying traffic stay `serdes.lanes`)"),
      flag_param("link_retry", "false",
                 "replay corrupted frames (NVLink-like link-level retry) instead of dropping "
                 "them; the frames behind wait, so the link stays lossless and in order"),
      number_param("retry_delay", dimension::time, "0s", 0, 1,
                   "time from a corrupted frame's arrival until the sender may start its "
                   "replay (0: the link's fixed latency, the NAK's way back); the replay then "
                   "waits for what the sender has already scheduled and takes the link for "
                   "its serialization"),
      flag_param("burst_errors", "false",
                 "frame errors come in bursts (Gilbert-Elliott per frame) on top of the "
                 "margin's independent errors"),
      number_param("burst_start_probability", dimension::none, "1e-4", 0, 1,
                   "probability per frame that a burst starts (good -> bad)",
                   "assumption: no public figure for burst rates on AI links"),
      number_param("burst_mean_frames", dimension::none, "4", 1, 1e9,
                   "mean burst length in frames (bad -> good with probability 1 / this)",
                   "assumption: DFE error propagation and transients span a few frames"),
      number_param("burst_frame_loss", dimension::none, "0.5", 0, 1,
                   "probability a frame inside a burst is lost",
                   "assumption: a burst overwhelms the FEC for about half the frames it hits"),
  };
  return specs;
}

link_budget compute_link_budget(const link_spec &spec) {
  link_budget b;
  const param_set &s = spec.serdes_params;
  b.nyquist_hz = s.get("lane_rate") / (s.get_choice("modulation") == "pam4" ? 2.0 : 1.0) / 2.0;
  // Spans between the SerDes and the retimers; a cable's loss per metre
  // counts in its span (for the reach).
  const double host_budget = s.get("loss_budget");
  double span_start_budget = host_budget, cable_db_per_m = 0, cable_length = 0;
  int cable_span = -1;
  channel_span span;
  for (const auto &seg : spec.segments) {
    if (seg.splits()) {
      span.budget_db = std::min(span_start_budget, seg.span_budget_db);
      b.spans.push_back(span);
      span = {};
      span_start_budget = seg.span_budget_db;
      continue;
    }
    span.loss_db += seg.loss_db_at(b.nyquist_hz);
    if (seg.kind == "cable" && cable_span < 0) {
      cable_span = static_cast<int>(b.spans.size());
      cable_db_per_m = seg.loss_db_per_m_at(b.nyquist_hz);
      cable_length = seg.length_m;
    }
  }
  const optics_spec &o = spec.optics;
  if (o.type == "pluggable_module")
    span.loss_db += o.module.get("host_loss_penalty");
  span.budget_db = std::min(span_start_budget, host_budget);
  // A linear pluggable (LPO) retimes nothing: the host channel at this end,
  // both modules' linear paths and the host channel at the far end are one
  // span that the far SerDes equalizes (the host paths are the same).
  b.linear_optics = o.type == "pluggable_module" && o.module.get_choice("kind") == "linear";
  if (b.linear_optics)
    span.loss_db *= 2;
  b.spans.push_back(span);
  const channel_span *worst = &b.spans.front();
  for (const auto &sp : b.spans)
    if (sp.margin_db() < worst->margin_db())
      worst = &sp;
  b.electrical_loss_db = worst->loss_db;
  b.electrical_budget_db = worst->budget_db;
  b.electrical_margin_db = worst->margin_db();
  if (cable_span >= 0 && cable_db_per_m > 0) {
    // The cable's own span closes at this length; every other span must too.
    const double cable_margin = b.spans[static_cast<std::size_t>(cable_span)].margin_db();
    bool others_close = true;
    for (std::size_t k = 0; k < b.spans.size(); ++k)
      if (static_cast<int>(k) != cable_span && b.spans[k].margin_db() < 0)
        others_close = false;
    b.cable_reach_m =
        others_close ? std::max(0.0, cable_length + cable_margin / cable_db_per_m) : 0.0;
  }
  // Pre-FEC BER of the electrical path: each span (between the SerDes and
  // the retimers) from its own margin; errors of the spans add.
  double log_no_error = 0;
  for (const auto &sp : b.spans)
    log_no_error += std::log1p(
        -pre_fec_ber(sp.margin_db(), s.get("ber_at_zero_margin"), electrical_db_per_q_decade));
  b.electrical_ber = -std::expm1(log_no_error);
  const fec_code code = fec_code_of(s.get_choice("fec"));
  if (o.type.empty()) {
    b.pre_fec_ber = b.electrical_ber;
    b.codeword_error = codeword_error(b.pre_fec_ber, code);
    return b;
  }
  b.optical = true;
  b.optical_loss_db = fiber::loss_db(o.fiber);
  b.penalty_db = o.module.get("power_penalty");
  b.sensitivity_dbm = o.module.get("rx_sensitivity");
  if (o.type == "pluggable_module") {
    b.launch_dbm = o.module.get("launch_power");
    b.cage_over_limit = cage::over_limit(o.cage, o.module.get("max_power"));
  } else {
    b.launch_dbm = optical_engine::launch_dbm(o.module, laser_source::per_lane_dbm(o.laser));
    b.optical_loss_db += optical_engine::receive_loss_db(o.module);
  }
  b.optical_margin_db = b.launch_dbm - b.optical_loss_db - b.penalty_db - b.sensitivity_dbm;
  // Receiver sensitivity is specified at the KP4 threshold (IEEE 802.3).
  b.optical_ber = pre_fec_ber(b.optical_margin_db, kp4_ber_threshold, optical_db_per_q_decade);
  b.optical_codeword_error = codeword_error(b.optical_ber, code);
  // End-to-end FEC: the host electrical path at each end and the optical path.
  b.pre_fec_ber = -std::expm1(2.0 * std::log1p(-b.electrical_ber) + std::log1p(-b.optical_ber));
  b.codeword_error = codeword_error(b.pre_fec_ber, code);
  return b;
}

frame_error_model frame_errors_of(const link_spec &spec, const link_budget &b) {
  const param_set &s = spec.serdes_params;
  const param_set &l = spec.link_params;
  frame_error_model m;
  m.codeword_error = b.codeword_error;
  m.data_bits_per_codeword = fec_code_of(s.get_choice("fec")).data_bits();
  m.overhead_bytes = l.get("framing_overhead");
  m.bits_per_byte = 8.0 / serdes_phy::coding_efficiency_of(s.get_choice("line_coding"));
  m.burst = l.get_flag("burst_errors");
  if (m.burst) {
    m.p_good_to_bad = l.get("burst_start_probability");
    m.p_bad_to_good = 1.0 / l.get("burst_mean_frames");
    m.bad_loss = l.get("burst_frame_loss");
  }
  return m;
}

int fabric_link::laser_channels() const {
  if (module_a_) // assumption: DR-class modules carry one laser per lane
    return 2 * phy_a_->lanes();
  return (laser_a_ ? laser_a_->channels() : 0) + (laser_b_ ? laser_b_->channels() : 0);
}

fabric_link::fabric_link(sc_core::sc_module_name name, const link_spec &spec, link_end a,
                         link_end b, std::uint64_t seed)
    : sc_module(name), a_(a), b_(b),
      fc_(spec.link_params.get_choice("flow_control") == "credit" ? flow_control::credit
                                                                  : flow_control::lossy) {
  channel_ = std::make_unique<electrical_channel>("channel", spec.segments);
  // The Nyquist frequency comes from the PHY parameters; read the loss there.
  budget_ = compute_link_budget(spec);
  loss_db_ = budget_.electrical_loss_db;
  optics_type_ = spec.optics.type;
  // Each PHY equalizes its own span: the first (end A), the last (end B;
  // with optics the host path is the same at both ends).
  phy_a_ = std::make_unique<serdes_phy>("phy_a", spec.serdes_params, budget_.spans.front().loss_db);
  phy_b_ = std::make_unique<serdes_phy>(
      "phy_b", spec.serdes_params,
      (budget_.optical ? budget_.spans.front() : budget_.spans.back()).loss_db);
  double active_w = 0.0; // per lane and direction, summed over the channel's elements
  for (const auto &seg : spec.segments)
    active_w += seg.active() ? seg.power_w_per_lane : 0.0;
  if (active_w > 0) {
    const double w = active_w * phy_a_->lanes() * 2.0 * (budget_.optical ? 2.0 : 1.0);
    active_power_ = std::make_unique<power_model>(
        std::string(this->name()) + ".active_copper", power_class::retimer_dsp,
        std::vector<power_state>{{"off", 0.0}, {"on", w}}, 0.0, "on");
  }

  timing_.line_rate_bps = phy_a_->line_rate_bps();
  timing_.data_rate_bps = phy_a_->data_rate_bps();
  timing_.overhead_bytes = spec.link_params.get("framing_overhead");
  timing_.header_bytes = spec.link_params.get("cut_through_header");
  timing_.fixed_latency_ps = phy_a_->tx_latency_ps() + phy_a_->fec_latency_ps() +
                             channel_->propagation_ps() + phy_b_->rx_latency_ps();
  const double line_rate = phy_a_->line_rate_bps();
  const double wire_eff = phy_a_->coding_efficiency() * phy_a_->fec_efficiency();
  const int lanes = phy_a_->lanes();
  if (optics_type_ == "pluggable_module") {
    module_a_ =
        std::make_unique<pluggable_module>("module_a", spec.optics.module, line_rate, wire_eff);
    module_b_ =
        std::make_unique<pluggable_module>("module_b", spec.optics.module, line_rate, wire_eff);
  } else if (optics_type_ == "optical_engine") {
    engine_a_ = std::make_unique<optical_engine>("engine_a", spec.optics.module, lanes, line_rate,
                                                 wire_eff);
    engine_b_ = std::make_unique<optical_engine>("engine_b", spec.optics.module, lanes, line_rate,
                                                 wire_eff);
    laser_a_ = std::make_unique<laser_source>("laser_a", spec.optics.laser, lanes);
    laser_b_ = std::make_unique<laser_source>("laser_b", spec.optics.laser, lanes);
  }
  if (budget_.optical) {
    // The host channel is at each end; optics at each end; fibre between.
    const time_ps optics_ps = module_a_ ? module_a_->latency_ps() : engine_a_->latency_ps();
    timing_.fixed_latency_ps +=
        channel_->propagation_ps() + 2 * optics_ps + fiber::propagation_ps(spec.optics.fiber);
  }
  timing_.credit_latency_ps = timing_.fixed_latency_ps;

  const double override_credits = spec.link_params.get("credit_buffer");
  const frame_error_model errors = frame_errors_of(spec, budget_);
  auto wire = [&](link_end &from, link_end &to, serdes_phy &tx, serdes_phy &rx,
                  std::uint64_t dir_seed) {
    egress_port &e = from.node->egress(from.port);
    ingress_port &i = to.node->ingress(to.port);
    const double credits = override_credits > 0 ? override_credits : to.rx_credit_bytes;
    e.configure(timing_, fc_, credits);
    e.set_connected();
    e.add_power_model(&tx.power());
    e.add_power_model(&rx.power());
    for (auto *m : {module_a_.get(), module_b_.get()})
      if (m) {
        if (m->dsp_power().energy_per_bit_j() > 0)
          e.add_power_model(&m->dsp_power());
        e.add_power_model(&m->optics_power());
      }
    for (auto *g : {engine_a_.get(), engine_b_.get()})
      if (g)
        e.add_power_model(&g->power());
    e.socket.bind(i.socket);
    i.set_sender(&e);
    i.connected = true;
    i.credit_mode = fc_ == flow_control::credit;
    i.buffer_bytes = credits;
    i.set_frame_errors(errors, dir_seed);
    if (spec.link_params.get_flag("link_retry")) {
      const double asked = spec.link_params.get("retry_delay");
      i.set_link_retry(asked > 0 ? seconds_to_ps(asked) : timing_.fixed_latency_ps);
    }
    if (budget_.optical)
      to.node->set_corruption_reason(to.port, "fec_uncorrectable");
  };
  wire(a_, b_, *phy_a_, *phy_b_, seed * 2 + 1);
  wire(b_, a_, *phy_b_, *phy_a_, seed * 2 + 2);
}

void fabric_link::collect_power(std::vector<power_model *> &out) {
  out.push_back(&phy_a_->power());
  out.push_back(&phy_b_->power());
  if (active_power_)
    out.push_back(active_power_.get());
  for (auto *m : {module_a_.get(), module_b_.get()})
    if (m) {
      out.push_back(&m->dsp_power());
      out.push_back(&m->optics_power());
    }
  for (auto *g : {engine_a_.get(), engine_b_.get()})
    if (g)
      out.push_back(&g->power());
  for (auto *l : {laser_a_.get(), laser_b_.get()})
    if (l)
      out.push_back(&l->power());
}

void fabric_link::collect_signals(std::vector<signal_track *> &out) {
  std::vector<power_model *> models;
  collect_power(models);
  for (auto *m : models)
    out.push_back(&m->track());
}

} // namespace fabricvp
