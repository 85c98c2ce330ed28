#include "modules/pluggable_module.h"

namespace fabricvp {

const std::vector<param_spec> &pluggable_module::param_specs() {
  static const std::vector<param_spec> specs = {
      choice_param("kind", "dsp", {"dsp", "linear"},
                   "DSP-retimed module, or linear pluggable optics (LPO, no DSP)",
                   "LPO MSA 2025 (100G-DR-LPO); retimed vs linear (Ciena, OFC 2026 slide)"),
      choice_param("form_factor", "osfp", {"osfp", "qsfp_dd"},
                   "module form factor (names the cage)", "OSFP MSA"),
      number_param(
          "max_power", dimension::power, "15W", 0, 100, "module power at full load both ways",
          "800G DSP pluggable 14-16 W (Broadcom, Laser Focus World); NVIDIA 2xDR4 17 W max"),
      number_param(
          "dsp_share", dimension::none, "0.5", 0, 1,
          "share of module power in the DSP (power class retimer_dsp; ignored when linear)",
          "~50% (Nagarajan, JLT 2021)"),
      number_param("idle_power_fraction", dimension::none, "0.7", 0, 1,
                   "share of full-load power drawn with no traffic (lasers, bias, DSP clocking)",
                   "assumption: no public figure; as serdes_phy"),
      number_param(
          "latency", dimension::time, "50ns", 0, 10e-6,
          "module latency per direction (DSP retiming; linear: driver/TIA only)",
          "derived: ~45-60 ns implied by DSP retimers 15-20x a 3 ns retimer (Point2, 2024)"),
      number_param("launch_power", dimension::optical_power, "1dBm", -30, 30,
                   "optical launch power per lane at the module's fibre output",
                   "assumption: typical DR-class transmitter, no row in technology.md"),
      number_param("rx_sensitivity", dimension::optical_power, "-6dBm", -40, 20,
                   "received power per lane giving the KP4 pre-FEC threshold BER 2.4e-4",
                   "assumption: typical DR-class receiver, no row in technology.md"),
      number_param("power_penalty", dimension::loss, "1.5dB", 0, 20,
                   "transmitter and dispersion penalties (TDECQ, crosstalk, reflections)",
                   "assumption: no row in technology.md"),
      number_param("host_loss_penalty", dimension::loss, "0dB", 0, 40,
                   "extra loss the host SerDes must equalize through the module (linear: the "
                   "module's electrical path is not retimed)",
                   "assumption: 0 dB for a retimed module"),
  };
  return specs;
}

double pluggable_module::dsp_fraction(const param_set &p) {
  return p.get_choice("kind") == "dsp" ? p.get("dsp_share") : 0.0;
}

double pluggable_module::static_power_w(const param_set &p) {
  return p.get("idle_power_fraction") * p.get("max_power");
}

namespace {
power_model make_power(const std::string &path, const char *cls, double share, const param_set &p,
                       double line_rate_bps, double wire_efficiency) {
  const double pmax = share * p.get("max_power");
  const double f = p.get("idle_power_fraction");
  // Full load both ways at line rate: each direction charges e/2 per line bit
  // at this end (as serdes_phy does), so static + e x line rate = share x max.
  const double e_line = line_rate_bps > 0 ? (1.0 - f) * pmax / line_rate_bps : 0.0;
  return power_model(path, cls, {{"off", 0.0}, {"idle", f * pmax}}, e_line / 2.0 / wire_efficiency,
                     "idle");
}
} // namespace

pluggable_module::pluggable_module(sc_core::sc_module_name name, const param_set &p,
                                   double line_rate_bps, double wire_efficiency)
    : sc_module(name), retimed_(p.get_choice("kind") == "dsp"), max_power_w_(p.get("max_power")),
      dsp_share_(dsp_fraction(p)), idle_fraction_(p.get("idle_power_fraction")),
      latency_ps_(seconds_to_ps(p.get("latency"))), form_factor_(p.get_choice("form_factor")),
      dsp_power_(make_power(std::string(this->name()) + ".dsp", power_class::retimer_dsp,
                            dsp_share_, p, line_rate_bps, wire_efficiency)),
      optics_power_(make_power(std::string(this->name()) + ".optics", power_class::optical_engine,
                               1.0 - dsp_share_, p, line_rate_bps, wire_efficiency)) {}

} // namespace fabricvp
