// The electrical path between two SerDes: a chain of segments (package,
// substrate, via, PCB trace, connector, flyover, cable) and active elements
// (retimer, redriver; aec and lacc are cable assemblies with one at each end).
// Each passive segment has a fixed loss and/or a length x loss per length
// quoted at a reference frequency and scaled linearly to the lane's Nyquist
// frequency (dielectric loss dominates PCB laminates at these rates). Twinax
// (cable, aec, lacc) follows its physics instead: a conductor (skin-effect)
// term growing as sqrt(f) and inversely with the conductor diameter of its
// gauge (AWG), plus a dielectric term growing as f, so one preset gives its
// loss at 26.5625 GHz (112G PAM4) and at 53.125 GHz (224G PAM4).
// A redriver (linear: LACC/ACC, board redriver) subtracts its gain at Nyquist
// and adds its noise/penalty term; a retimer splits the channel into spans,
// each checked against the budget of the SerDes at its two ends
// (modules/link.h). Both draw power per lane and add latency.
// Leaves out: reflections, crosstalk, return loss, COM; loss is a single
// number per segment; the redriver's gain does not vary with frequency.
#pragma once

#include "core/params.h"
#include "tlm/clock.h"

#include <systemc>
#include <vector>

namespace fabricvp {

struct channel_segment {
  std::string kind;           // package, ..., cable; retimer, redriver
  std::string label;          // for reports: "channel[2] pcb_trace"
  double fixed_loss_db = 0.0; // at reference frequency (or at Nyquist when none)
  double length_m = 0.0;
  double loss_db_per_m = 0.0; // at reference frequency (or at Nyquist when none)
  double reference_hz = 0.0;  // 0: losses are given at the lane's Nyquist frequency
  double delay_s_per_m = 0.0;
  // Twinax: conductor (skin-effect, x sqrt(f)) and dielectric (x f) loss per
  // length at reference_hz, the conductor term already for this gauge.
  double conductor_db_per_m = 0.0;
  double dielectric_db_per_m = 0.0;
  // Active elements.
  double gain_db = 0.0;          // redriver: gain at Nyquist
  double penalty_db = 0.0;       // redriver: noise/nonlinearity penalty, added as loss
  double span_budget_db = 0.0;   // retimer: loss budget of its SerDes on either side
  double power_w_per_lane = 0.0; // per lane and direction
  double latency_s = 0.0;

  bool splits() const { return kind == "retimer"; }
  bool active() const { return kind == "retimer" || kind == "redriver"; }
  // Passive insertion loss at a Nyquist frequency, less a redriver's gain
  // net of its penalty (a retimer adds nothing: it ends one span).
  double loss_db_at(double nyquist_hz) const;
  // Loss per metre of length at a Nyquist frequency (the slope of loss in length).
  double loss_db_per_m_at(double nyquist_hz) const;
  time_ps propagation_ps() const {
    return seconds_to_ps(length_m * delay_s_per_m) + seconds_to_ps(latency_s);
  }
};

// Conductor diameter of an AWG gauge: 0.127 mm x 92^((36 - n) / 39).
double awg_diameter_m(double gauge);

class electrical_channel : public sc_core::sc_module {
public:
  // Parameters of one segment; defaults depend on the segment kind.
  static const std::vector<std::string> &segment_kinds();
  static const std::vector<param_spec> &segment_param_specs(const std::string &kind);
  static std::string segment_kind_description(const std::string &kind);
  // The channel segments one entry stands for: one, or for the cable
  // assemblies aec and lacc their end element, the twinax and the other end.
  static std::vector<channel_segment> segments_from(const std::string &kind, const param_set &p);
  static channel_segment segment_from(const std::string &kind, const param_set &p);

  electrical_channel(sc_core::sc_module_name name, std::vector<channel_segment> segments);

  double insertion_loss_db(double nyquist_hz) const;
  time_ps propagation_ps() const;
  double length_m() const;
  const std::vector<channel_segment> &segments() const { return segments_; }

private:
  std::vector<channel_segment> segments_;
};

} // namespace fabricvp
