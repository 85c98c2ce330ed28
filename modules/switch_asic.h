// A switch ASIC: radix ports (each with its SerDes on the attached link),
// packet buffer in bytes (shared by all ports or split per port), an
// output-queued or input-queued crossbar model, cut-through or
// store-and-forward, routing tables (shortest paths, ECMP hash per flow or
// least-loaded), a pipeline latency in core cycles, and core power (static
// plus energy per bit switched), the static part from its chip class
// (capacity, ports, process, W per Tb/s).
//
// Output-queued: a packet is ready at its output pipeline_latency after it
// arrives (head for cut-through, tail otherwise). Crossbar: the ready packet
// waits in its input's FIFO until the output's arbiter grants it the fabric
// (modules/crossbar.h: round-robin among the head-of-line packets, transfers
// at the output's rate x speedup), and then goes to its output port.
// Lossy ingress links drop-tail when the buffer is full; lossless ones never
// overflow, since their senders hold credits for it.
// Leaves out: PFC pause frames, multicast, per-class scheduling, ECN marking.
#pragma once

#include "core/params.h"
#include "core/time_queue.h"
#include "modules/crossbar.h"
#include "modules/fabric_node.h"
#include "tlm/clock.h"

#include <memory>

namespace fabricvp {

class switch_asic : public fabric_node, private crossbar_grant_sink {
public:
  static const std::vector<param_spec> &param_specs();
  // Core static power: core_static_power when set, else the chip class's
  // static_power_per_capacity x the capacity the switch is built with (its
  // connected ports' data rate; a switch of 8 x 400G ports on a 28.8 Tb/s
  // chip class draws 3.2/28.8 of the chip's static power).
  static double core_static_power_w(const param_set &params, double connected_bps);

  switch_asic(sc_core::sc_module_name name, const param_set &params,
              const std::vector<bool> &connected_ports, double connected_bps = 0.0);

  bool cut_through() const { return cut_through_; }
  time_ps pipeline_latency_ps() const { return pipeline_ps_; }
  double buffer_bytes() const { return buffer_bytes_; }
  bool shared_buffer() const { return shared_; }
  // Credits each lossless ingress may advertise.
  double ingress_credit_bytes(int connected_ports) const;
  void on_arrival(packet &pkt, int port_index) override;
  void use_calendar(arrival_calendar *c) override;
  void collect_signals(std::vector<signal_track *> &out) override;
  void collect_power(std::vector<power_model *> &out) override { out.push_back(&power_); }
  power_model &power() { return power_; }
  double peak_buffer_bytes() const { return peak_occupied_; }
  void finalize_ports();

  signal_track buffer_occupancy; // bytes held

protected:
  void on_departure(packet &pkt, int port, time_ps start, time_ps end) override;

private:
  // Buffer accounting: a packet occupies the buffer from its arrival until
  // its last bit has left. Departures are kept per output port, where they
  // are in time order; occupied_ counts what arrived minus what has been
  // released so far, an upper bound of the exact occupancy that is made exact
  // (released up to now) only when a decision depends on it: a new peak, or
  // a lossy ingress that would overflow.
  void release_departed(time_ps now);
  void release_departed(std::size_t port, time_ps now);
  void on_granted(packet &pkt, int out, time_ps granted_ps, time_ps tail_ready_ps) override;
  struct departure {
    time_ps t;
    double bytes;
  };
  clock_descriptor clock_;
  double pipeline_cycles_;
  time_ps pipeline_ps_; // pipeline_cycles_ at the core clock
  bool cut_through_;
  double speedup_;
  double buffer_bytes_;
  bool shared_;
  double occupied_ = 0.0;
  double peak_occupied_ = 0.0;
  std::vector<double> occupied_by_port_;
  std::unique_ptr<crossbar> crossbar_fabric_;     // architecture: crossbar
  std::vector<time_queue<departure>> departures_; // by output port
  power_model power_;
};

} // namespace fabricvp
