// An accelerator's network endpoint: one or more ports, an injection queue
// per port (the egress FIFO), and ejection to the testbench. Packets a
// testbench injects are routed to a port (ECMP over ports that lead to the
// destination), pass the TX pipeline, and leave; arriving packets addressed
// here pass the RX pipeline and are handed to the packet observer. With
// `forwarding` on, packets for others are forwarded (switchless meshes).
// Power (class accelerator_io): the link-layer/port logic, static per port
// plus io_energy_per_bit for every bit sent and every bit received (wire
// bits: frame plus framing). A port's logic works on every frame in either
// direction, TX (packetize, CRC, hold for replay) as RX (check CRC, deframe,
// write the receive buffer, return credits), so received bits cost energy
// as sent ones do; charging sent bits only would make a port that only
// receives free of traffic energy. The bits received are counted by the
// egress port at the link's other end, which this model draws from too.
// The SerDes are the links' own elements.
// Leaves out: compute, memory traffic, DMA engines.
#pragma once

#include "core/params.h"
#include "modules/fabric_node.h"
#include "tlm/clock.h"

namespace fabricvp {

class accelerator_port : public fabric_node {
public:
  static const std::vector<param_spec> &param_specs();

  accelerator_port(sc_core::sc_module_name name, const param_set &params, std::uint32_t endpoint_id,
                   const std::vector<bool> &connected_ports);
  double rx_buffer_bytes() const { return rx_buffer_bytes_; }

  // Hands a packet created now to the fabric (its created_ps is now).
  void inject(packet &pkt);

  bool is_endpoint() const override { return true; }
  std::uint32_t endpoint_id() const { return endpoint_id_; }
  time_ps tx_latency_ps() const { return tx_ps_; }
  time_ps rx_latency_ps() const { return rx_ps_; }
  void on_arrival(packet &pkt, int port_index) override;
  void collect_signals(std::vector<signal_track *> &out) override;
  void collect_power(std::vector<power_model *> &out) override { out.push_back(&power_); }
  // Called once all ports are connected (sizes the static power).
  void finalize_ports(int connected_ports);
  power_model &power() { return power_; }

private:
  std::uint32_t endpoint_id_;
  clock_descriptor clock_;
  double tx_cycles_, rx_cycles_;
  time_ps tx_ps_, rx_ps_; // the pipelines at the port clock
  bool forwarding_;
  double static_w_per_port_;
  double rx_buffer_bytes_;
  power_model power_;
};

} // namespace fabricvp
