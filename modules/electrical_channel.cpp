#include "modules/electrical_channel.h"

#include <cmath>
#include <map>
#include <stdexcept>

namespace fabricvp {
namespace {

struct kind_defaults {
  const char *loss;
  const char *length;
  const char *loss_per_length;
  const char *reference_frequency;
  const char *delay_per_length;
  const char *source;
};

// Passive defaults per segment kind, each with where it comes from.
const std::map<std::string, kind_defaults> &defaults() {
  static const std::map<std::string, kind_defaults> d = {
      {"package",
       {"1.5dB", "25mm", "0dB/m", "26.5625GHz", "6.2ps/mm",
        "assumption: 1.5 dB package escape at 26.5625 GHz (112G Nyquist), 3 dB at 53.125 GHz; "
        "delay sqrt(Dk=3.4)/c"}},
      {"substrate",
       {"0.5dB", "10mm", "0dB/m", "0Hz", "6.2ps/mm",
        "assumption: 0.5 dB substrate route; delay sqrt(Dk=3.4)/c"}},
      {"via",
       {"0.3dB", "3mm", "0dB/m", "0Hz", "6.2ps/mm", "assumption: 0.3 dB per via transition"}},
      {"pcb_trace",
       {"0dB", "100mm", "2.35dB/in", "53.125GHz", "6.2ps/mm",
        "Megtron 6: 18.5 dB per 200 mm at ~53 GHz (nextpcb, simulated); delay "
        "sqrt(Dk=3.4)/c"}},
      {"connector",
       {"2.5dB", "10mm", "0dB/m", "106.25GHz", "5ps/mm",
        "2.5 dB per RF connector near 106 GHz (Zhou et al., OFC 2026 Th1C.3)"}},
      {"flyover",
       {"0dB", "200mm", "0.45dB/in", "106.25GHz", "4.4ps/mm",
        "flyover cable 0.45 dB/in near 106 GHz (Zhou et al., OFC 2026 Th1C.3)"}},
  };
  return d;
}

// The twinax model (cable, aec, lacc). Conductor loss of a 26 AWG pair from
// the skin effect: Rs = sqrt(pi f mu0 / sigma_Cu) = 0.0425 ohm at 26.5625 GHz,
// R' = Rs / (pi d) = 33.4 ohm/m per conductor (d = 0.405 mm), alpha =
// 2 R' / (2 x 100 ohm) = 0.334 Np/m = 2.9 dB/m (smooth copper, no proximity
// or roughness factor). Dielectric loss 27.3 f sqrt(er) tan(d) / c with a
// foamed polyolefin er = 1.7, tan(d) = 4e-4 (assumption): 1.26 dB/m at
// 26.5625 GHz. Together 4.16 dB/m at 26.5625 GHz and 6.63 dB/m at
// 53.125 GHz; with the front-panel host path (platforms/copper_reach.yaml)
// that is 2.6 m of passive reach at 100G/lane (published: 2-3 m for 26 AWG,
// NVIDIA LinkX; 2 m, Marvell) and 0.9 m at 200G/lane (about 1 m, Marvell via
// gazettabyte 2024).
const char *const twinax_physics =
    "derived: skin effect of a 26 AWG pair, smooth copper, 100 ohm differential: 2.9 dB/m at "
    "26.5625 GHz (Rs/(pi d) per conductor); scaled by sqrt(f) and 1/d for other gauges";

std::vector<param_spec> passive_specs(const kind_defaults &k) {
  return {
      number_param("loss", dimension::loss, k.loss, 0, 100,
                   "fixed insertion loss (at reference_frequency, or at Nyquist if that is 0)",
                   k.source),
      number_param("length", dimension::length, k.length, 0, 1e5, "physical length", k.source),
      number_param("loss_per_length", dimension::loss_per_length, k.loss_per_length, 0, 1e6,
                   "insertion loss per length (at reference_frequency, or at Nyquist if 0)",
                   k.source),
      number_param("reference_frequency", dimension::frequency, k.reference_frequency, 0, 1e12,
                   "frequency the losses are quoted at; scaled linearly to Nyquist (0: at Nyquist)",
                   k.source),
      number_param("delay_per_length", dimension::delay_per_length, k.delay_per_length, 0, 1e-6,
                   "propagation delay per length", k.source),
  };
}

std::vector<param_spec> twinax_specs() {
  return {
      number_param("loss", dimension::loss, "1dB", 0, 100,
                   "termination loss of the assembly, both plugs (paddle card, cable attach), at "
                   "reference_frequency, scaled linearly",
                   "assumption: 0.5 dB per plug at 26.5625 GHz (no public per-plug figure)"),
      number_param("length", dimension::length, "1m", 0, 1e5, "cable length",
                   "assumption: a 1 m cable"),
      integer_param("gauge", "26", 20, 40,
                    "conductor gauge (AWG); the conductor loss scales as 1 / diameter",
                    "26 AWG: NVIDIA LinkX DAC 2-3 m (docs.nvidia.com, 2025)"),
      number_param("conductor_loss_26awg", dimension::loss_per_length, "2.9dB/m", 0, 1e6,
                   "skin-effect loss per length of a 26 AWG pair at reference_frequency; x "
                   "sqrt(f / reference_frequency) x d(26 AWG) / d(gauge)",
                   twinax_physics),
      number_param("dielectric_loss_per_length", dimension::loss_per_length, "1.26dB/m", 0, 1e6,
                   "dielectric loss per length at reference_frequency; x f / reference_frequency",
                   "derived: 27.3 f sqrt(er) tan(d) / c with er = 1.7, tan(d) = 4e-4 (assumption: "
                   "foamed polyolefin) at 26.5625 GHz"),
      number_param("loss_per_length", dimension::loss_per_length, "0dB/m", 0, 1e6,
                   "extra loss per length scaled linearly (to fit a measured cable; 0 for the "
                   "physics model alone)"),
      number_param("reference_frequency", dimension::frequency, "26.5625GHz", 0, 1e12,
                   "frequency the losses are quoted at (0: at Nyquist, no scaling)",
                   "100G/lane (53.125 GBd PAM4) Nyquist"),
      number_param("delay_per_length", dimension::delay_per_length, "4.35ns/m", 0, 1e-6,
                   "propagation delay per length", "physics: sqrt(er = 1.7)/c"),
  };
}

std::vector<param_spec> retimer_specs() {
  return {
      number_param("loss_budget", dimension::loss, "28dB", 0, 60,
                   "loss at Nyquist the retimer's SerDes equalize on each side (its span "
                   "budget; a span's budget is the smaller of its two ends')",
                   "assumption: a 112G LR-class SerDes, IEEE 802.3ck KR 28 dB at 26.56 GHz"),
      number_param("power_per_lane", dimension::power, "0.1875W", 0, 100,
                   "power per lane and direction",
                   "Point2 P1B121 112G mixed-signal retimer: 3 W for 8 channels (Electronic "
                   "Design 2023); a channel read as one lane both ways (assumption)"),
      number_param("latency", dimension::time, "3ns", 0, 1e-5, "latency through the retimer",
                   "Point2 P1B121: about 3 ns (Electronic Design 2023)"),
  };
}

std::vector<param_spec> redriver_specs() {
  return {
      number_param("gain", dimension::loss, "6dB", 0, 60,
                   "equalizing gain at Nyquist (subtracted from the channel loss)",
                   "assumption fitted to the published LACC reach, 3-5 m (NVIDIA LinkX 2025)"),
      number_param("penalty", dimension::loss, "3dB", 0, 60,
                   "noise and nonlinearity of the linear stage, charged as added loss (a "
                   "redriver amplifies noise and crosstalk with the signal)",
                   "assumption: no public figure"),
      number_param("power_per_lane", dimension::power, "0.05W", 0, 100,
                   "power per lane and direction",
                   "assumption: not found; LACC is 'very low power' (NVIDIA LinkX 2025), here "
                   "about a quarter of a mixed-signal retimer's 0.1875 W (Point2)"),
      number_param("latency", dimension::time, "0.2ns", 0, 1e-5, "latency through the redriver",
                   "assumption: an analog stage, no clock recovery"),
  };
}

template <typename T> std::vector<T> joined(std::vector<T> a, const std::vector<T> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

channel_segment twinax_of(const param_set &p) {
  channel_segment s;
  s.kind = "cable";
  s.fixed_loss_db = p.get("loss");
  s.length_m = p.get("length");
  s.loss_db_per_m = p.get("loss_per_length");
  s.reference_hz = p.get("reference_frequency");
  s.delay_s_per_m = p.get("delay_per_length");
  s.conductor_db_per_m = p.get("conductor_loss_26awg") * awg_diameter_m(26) /
                         awg_diameter_m(static_cast<double>(p.get_int("gauge")));
  s.dielectric_db_per_m = p.get("dielectric_loss_per_length");
  return s;
}

channel_segment active_of(const std::string &kind, const param_set &p) {
  channel_segment s;
  s.kind = kind;
  s.power_w_per_lane = p.get("power_per_lane");
  s.latency_s = p.get("latency");
  if (kind == "retimer") {
    s.span_budget_db = p.get("loss_budget");
  } else {
    s.gain_db = p.get("gain");
    s.penalty_db = p.get("penalty");
  }
  return s;
}

} // namespace

double awg_diameter_m(double gauge) { return 0.127e-3 * std::pow(92.0, (36.0 - gauge) / 39.0); }

double channel_segment::loss_db_per_m_at(double nyquist_hz) const {
  const double ratio = reference_hz > 0 ? nyquist_hz / reference_hz : 1.0;
  return (loss_db_per_m + dielectric_db_per_m) * ratio + conductor_db_per_m * std::sqrt(ratio);
}

double channel_segment::loss_db_at(double nyquist_hz) const {
  const double ratio = reference_hz > 0 ? nyquist_hz / reference_hz : 1.0;
  return fixed_loss_db * ratio + length_m * loss_db_per_m_at(nyquist_hz) - gain_db + penalty_db;
}

const std::vector<std::string> &electrical_channel::segment_kinds() {
  static const std::vector<std::string> kinds = {"package",   "substrate", "via",   "pcb_trace",
                                                 "connector", "flyover",   "cable", "retimer",
                                                 "redriver",  "aec",       "lacc"};
  return kinds;
}

std::string electrical_channel::segment_kind_description(const std::string &kind) {
  if (kind == "cable")
    return "passive twinax (DAC) segment: conductor loss x sqrt(f) / diameter, dielectric x f";
  if (kind == "retimer")
    return "retimer in the channel (board retimer, AEC end): splits it into spans, each checked "
           "against its own budget";
  if (kind == "redriver")
    return "linear redriver in the channel: gain at Nyquist less a noise penalty, no retiming";
  if (kind == "aec")
    return "active electrical cable: a retimer at each end of a twinax (three spans)";
  if (kind == "lacc")
    return "linear active copper cable: a redriver at each end of a twinax (one span)";
  return "electrical channel segment (in a link's `channel:` list)";
}

const std::vector<param_spec> &electrical_channel::segment_param_specs(const std::string &kind) {
  static std::map<std::string, std::vector<param_spec>> cache;
  auto it = cache.find(kind);
  if (it != cache.end())
    return it->second;
  std::vector<param_spec> specs;
  if (kind == "cable")
    specs = twinax_specs();
  else if (kind == "retimer")
    specs = retimer_specs();
  else if (kind == "redriver")
    specs = redriver_specs();
  else if (kind == "aec")
    specs = joined(twinax_specs(), retimer_specs());
  else if (kind == "lacc")
    specs = joined(twinax_specs(), redriver_specs());
  else {
    auto d = defaults().find(kind);
    if (d == defaults().end())
      throw std::invalid_argument("unknown channel segment kind " + kind);
    specs = passive_specs(d->second);
  }
  return cache.emplace(kind, std::move(specs)).first->second;
}

std::vector<channel_segment> electrical_channel::segments_from(const std::string &kind,
                                                               const param_set &p) {
  if (kind == "aec" || kind == "lacc") {
    const channel_segment end = active_of(kind == "aec" ? "retimer" : "redriver", p);
    return {end, twinax_of(p), end};
  }
  return {segment_from(kind, p)};
}

channel_segment electrical_channel::segment_from(const std::string &kind, const param_set &p) {
  if (kind == "cable")
    return twinax_of(p);
  if (kind == "retimer" || kind == "redriver")
    return active_of(kind, p);
  if (kind == "aec" || kind == "lacc")
    throw std::invalid_argument(kind + " stands for three segments (segments_from)");
  channel_segment s;
  s.kind = kind;
  s.fixed_loss_db = p.get("loss");
  s.length_m = p.get("length");
  s.loss_db_per_m = p.get("loss_per_length");
  s.reference_hz = p.get("reference_frequency");
  s.delay_s_per_m = p.get("delay_per_length");
  return s;
}

electrical_channel::electrical_channel(sc_core::sc_module_name name,
                                       std::vector<channel_segment> segments)
    : sc_module(name), segments_(std::move(segments)) {}

double electrical_channel::insertion_loss_db(double nyquist_hz) const {
  double total = 0.0;
  for (const auto &s : segments_)
    total += s.loss_db_at(nyquist_hz);
  return total;
}

time_ps electrical_channel::propagation_ps() const {
  time_ps total = 0;
  for (const auto &s : segments_)
    total += s.propagation_ps();
  return total;
}

double electrical_channel::length_m() const {
  double total = 0.0;
  for (const auto &s : segments_)
    total += s.length_m;
  return total;
}

} // namespace fabricvp
