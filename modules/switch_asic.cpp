#include "modules/switch_asic.h"

#include <algorithm>
#include <cmath>

namespace fabricvp {

const std::vector<param_spec> &switch_asic::param_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("radix", "64", 2, 4096, "number of ports"),
      number_param("clock", dimension::frequency, "1.25GHz", 1e6, 100e9,
                   "core clock the pipeline cycles count in", "assumption"),
      number_param("pipeline_cycles", dimension::none, "375", 0, 1e7,
                   "port-to-port pipeline latency in core cycles (parse, lookup, queue, rewrite)",
                   "300 ns L2-only Tomahawk-class latency (ipspace 2015, technology.md LOW)"),
      choice_param("forwarding", "cut_through", {"cut_through", "store_and_forward"},
                   "start forwarding after the header (cut-through) or the whole packet"),
      choice_param("architecture", "output_queued", {"output_queued", "crossbar"},
                   "ideal output-queued switch, or input-queued crossbar with HOL blocking"),
      number_param("crossbar_speedup", dimension::none, "1", 0.1, 16,
                   "crossbar transfer rate as a multiple of the output port rate"),
      number_param("buffer", dimension::size, "64MiB", 1024, 1e12, "packet buffer",
                   "assumption: Tomahawk-class on-chip buffer, no public figure"),
      choice_param("buffer_mode", "shared", {"shared", "per_port"},
                   "one buffer shared by all ports (drop when full), or buffer / radix per port"),
      choice_param("port_selection", "ecmp_hash", {"ecmp_hash", "least_loaded"},
                   "choice among equal-cost outputs: per-flow hash (in order) or adaptive"),
      integer_param("chip_radix", "512", 2, 4096,
                    "most ports the chip class can have (at its slowest port; a larger radix "
                    "is a validate warning)",
                    "Broadcom Tomahawk 5: 512 x 100G (2022)"),
      number_param("chip_bandwidth", dimension::data_rate, "51.2Tbps", 1e9, 1e16,
                   "switching capacity of the chip class, one direction (connected port line "
                   "rates over it are a validate warning)",
                   "Broadcom Tomahawk 5: 51.2 Tb/s (2022)"),
      name_param("process", "5nm", "process node of the chip class (for the record)"),
      number_param("static_power_per_capacity", dimension::energy_per_bit, "2.93pJ/bit", 0, 1e-9,
                   "core static power per bit/s of capacity (W per Tb/s = pJ/bit): the switch "
                   "draws it x the data rate of its connected ports (one direction)",
                   "assumption: ~450-500 W Tomahawk-5 total (TechInsights, chipcraft) less ~200 W "
                   "SerDes at full load, ~1/3 of the rest static: 150 W / 51.2 Tb/s"),
      number_param("core_static_power", dimension::power, "0W", 0, 1e4,
                   "core power with no traffic, excluding SerDes (counted on links); 0: from "
                   "the chip class (static_power_per_capacity x the switch's share of it)"),
      number_param("core_energy_per_bit", dimension::energy_per_bit, "3pJ/bit", 0, 1e-9,
                   "core energy per bit switched (buffer, lookup, crossbar)",
                   "assumption: remaining Tomahawk-5 power at 51.2 Tb/s full load"),
  };
  return specs;
}

double switch_asic::core_static_power_w(const param_set &p, double connected_bps) {
  if (p.get("core_static_power") > 0)
    return p.get("core_static_power");
  return p.get("static_power_per_capacity") * connected_bps;
}

switch_asic::switch_asic(sc_core::sc_module_name name, const param_set &p,
                         const std::vector<bool> &connected, double connected_bps)
    : fabric_node(name, static_cast<int>(p.get_int("radix")), connected,
                  p.get_choice("forwarding") == "cut_through"),
      buffer_occupancy(std::string(this->name()) + ".buffer_bytes", signal_track::kind::integer,
                       "B", "buffers"),
      clock_(clock_descriptor::from_frequency(p.get("clock"))),
      pipeline_cycles_(p.get("pipeline_cycles")), pipeline_ps_(clock_.cycles(pipeline_cycles_)),
      cut_through_(p.get_choice("forwarding") == "cut_through"),
      speedup_(p.get("crossbar_speedup")), buffer_bytes_(p.get("buffer")),
      shared_(p.get_choice("buffer_mode") == "shared"),
      occupied_by_port_(static_cast<std::size_t>(p.get_int("radix")), 0.0),
      departures_(static_cast<std::size_t>(p.get_int("radix"))),
      power_(std::string(this->name()) + ".core", power_class::switch_core,
             {{"off", 0.0}, {"on", core_static_power_w(p, connected_bps)}},
             p.get("core_energy_per_bit"), "on") {
  set_selection(p.get_choice("port_selection") == "least_loaded" ? port_selection::least_loaded
                                                                 : port_selection::ecmp_hash);
  if (p.get_choice("architecture") == "crossbar")
    crossbar_fabric_ =
        std::make_unique<crossbar>(port_count(), static_cast<crossbar_grant_sink &>(*this));
}

void switch_asic::use_calendar(arrival_calendar *c) {
  fabric_node::use_calendar(c);
  if (crossbar_fabric_)
    crossbar_fabric_->use_calendar(c);
}

double switch_asic::ingress_credit_bytes(int connected_ports) const {
  return std::floor(buffer_bytes_ / std::max(1, connected_ports));
}

void switch_asic::finalize_ports() {
  for (auto &p : ports_)
    if (p.egress && p.egress->connected())
      p.egress->add_power_model(&power_);
}

void switch_asic::release_departed(std::size_t port, time_ps now) {
  time_queue<departure> &q = departures_[port];
  while (!q.empty() && q.front().t <= now) {
    occupied_ -= q.front().bytes;
    occupied_by_port_[port] -= q.front().bytes;
    q.pop_front();
  }
}

void switch_asic::release_departed(time_ps now) {
  for (std::size_t port = 0; port < departures_.size(); ++port)
    release_departed(port, now);
}

void switch_asic::on_arrival(packet &pkt, int in_port) {
  const time_ps now = now_ps();
  ingress_port &in = *ports_[static_cast<std::size_t>(in_port)].ingress;
  const int out = select_port(pkt);
  if (out < 0) {
    in.release(pkt, now);
    drop(pkt, "no_route");
    return;
  }
  const double size = pkt.size_bytes;
  const auto out_index = static_cast<std::size_t>(out);
  if (!in.credit_mode) {
    // Drop-tail, judged on the exact occupancy (the bound only says "fits").
    const auto full = [&] {
      return shared_ ? occupied_ + size > buffer_bytes_
                     : occupied_by_port_[out_index] + size >
                           buffer_bytes_ / static_cast<double>(port_count());
    };
    if (full()) {
      if (shared_)
        release_departed(now);
      else
        release_departed(out_index, now);
      if (full()) {
        drop(pkt, "buffer_full");
        return;
      }
    }
  }
  occupied_ += size;
  occupied_by_port_[out_index] += size;
  if (occupied_ > peak_occupied_) { // maybe a new peak: make the occupancy exact
    release_departed(now);
    peak_occupied_ = std::max(peak_occupied_, occupied_);
  }
  buffer_occupancy.post(now, size);

  const time_ps ready = now + pipeline_latency_ps();
  pkt.fixed_ps += pipeline_latency_ps();
  const time_ps tail_ready = cut_through_ ? pkt.tail_arrival_ps : 0;
  if (crossbar_fabric_) {
    const double serialization_ps = ports_[out_index].egress->timing().serialization_ps(size);
    const auto transfer_ps = static_cast<time_ps>(serialization_ps / speedup_ + 0.5);
    crossbar_fabric_->offer(pkt, in_port, out, ready, transfer_ps, tail_ready);
    return;
  }
  ports_[out_index].egress->enqueue(pkt, ready, tail_ready);
}

void switch_asic::on_granted(packet &pkt, int out, time_ps granted_ps, time_ps tail_ready_ps) {
  ports_[static_cast<std::size_t>(out)].egress->enqueue(pkt, granted_ps, tail_ready_ps);
}

void switch_asic::on_departure(packet &pkt, int port, time_ps start, time_ps end) {
  departures_[static_cast<std::size_t>(port)].insert({end, static_cast<double>(pkt.size_bytes)});
  buffer_occupancy.post(end, -static_cast<double>(pkt.size_bytes));
}

void switch_asic::collect_signals(std::vector<signal_track *> &out) {
  fabric_node::collect_signals(out);
  out.push_back(&buffer_occupancy);
  out.push_back(&power_.track());
}

} // namespace fabricvp
