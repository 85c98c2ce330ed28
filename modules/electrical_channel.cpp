#include "modules/electrical_channel.h"

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

// Defaults per segment kind, each with where it comes from.
const std::map<std::string, kind_defaults> &defaults() {
  static const std::map<std::string, kind_defaults> d = {
      {"package",
       {"1.5dB", "25mm", "0dB/m", "0Hz", "6.2ps/mm",
        "assumption: 1.5 dB package escape at Nyquist; delay sqrt(Dk=3.4)/c"}},
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
      {"cable",
       {"0dB", "1m", "7dB/m", "26.5625GHz", "4.4ns/m",
        "derived: 2 m passive copper reach at 100G/lane (Marvell via gazettabyte 2024) "
        "inside a 28 dB KR budget after ~12 dB host loss; delay at 0.76c (assumption)"}},
  };
  return d;
}

} // namespace

const std::vector<std::string> &electrical_channel::segment_kinds() {
  static const std::vector<std::string> kinds = {"package",   "substrate", "via",  "pcb_trace",
                                                 "connector", "flyover",   "cable"};
  return kinds;
}

const std::vector<param_spec> &electrical_channel::segment_param_specs(const std::string &kind) {
  static std::map<std::string, std::vector<param_spec>> cache;
  auto it = cache.find(kind);
  if (it != cache.end())
    return it->second;
  auto d = defaults().find(kind);
  if (d == defaults().end())
    throw std::invalid_argument("unknown channel segment kind " + kind);
  const kind_defaults &k = d->second;
  std::vector<param_spec> specs = {
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
  return cache.emplace(kind, std::move(specs)).first->second;
}

channel_segment electrical_channel::segment_from(const std::string &kind, const param_set &p) {
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
