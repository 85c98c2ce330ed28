// The electrical path between two SerDes: a chain of segments (package,
// substrate, via, PCB trace, connector, flyover or cable). Each segment has a
// fixed loss and/or a length x loss per length; a loss per length quoted at a
// reference frequency is scaled linearly to the lane's Nyquist frequency
// (dielectric loss dominates at these rates; skin-effect sqrt(f) is ignored).
// The total insertion loss at Nyquist is what the SerDes must equalize; the
// propagation delay is length x delay per length.
// Leaves out: reflections, crosstalk, return loss, COM; loss is a single
// number per segment.
#pragma once

#include "core/params.h"
#include "tlm/clock.h"

#include <systemc>
#include <vector>

namespace fabricvp {

struct channel_segment {
  std::string kind;           // package, substrate, via, pcb_trace, connector, flyover, cable
  std::string label;          // for reports: "channel[2] pcb_trace"
  double fixed_loss_db = 0.0; // at reference frequency (or at Nyquist when none)
  double length_m = 0.0;
  double loss_db_per_m = 0.0; // at reference frequency (or at Nyquist when none)
  double reference_hz = 0.0;  // 0: losses are given at the lane's Nyquist frequency
  double delay_s_per_m = 0.0;

  double loss_db_at(double nyquist_hz) const {
    const double scale = reference_hz > 0 ? nyquist_hz / reference_hz : 1.0;
    return (fixed_loss_db + length_m * loss_db_per_m) * scale;
  }
  time_ps propagation_ps() const { return seconds_to_ps(length_m * delay_s_per_m); }
};

class electrical_channel : public sc_core::sc_module {
public:
  // Parameters of one segment; defaults depend on the segment kind.
  static const std::vector<std::string> &segment_kinds();
  static const std::vector<param_spec> &segment_param_specs(const std::string &kind);
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
