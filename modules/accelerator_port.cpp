#include "modules/accelerator_port.h"

namespace fabricvp {

const std::vector<param_spec> &accelerator_port::param_specs() {
  static const std::vector<param_spec> specs = {
      integer_param("ports", "2", 1, 256, "network ports (each one link)"),
      number_param("clock", dimension::frequency, "1.5GHz", 1e6, 100e9,
                   "port logic clock the pipeline cycles count in", "assumption"),
      number_param("tx_pipeline_cycles", dimension::none, "30", 0, 1e6,
                   "injection pipeline (link layer, packetizer) in cycles", "assumption: 20 ns"),
      number_param("rx_pipeline_cycles", dimension::none, "30", 0, 1e6,
                   "ejection pipeline in cycles", "assumption: 20 ns"),
      flag_param("forwarding", "false",
                 "forward packets addressed to other endpoints (switchless meshes)"),
      number_param("rx_buffer", dimension::size, "256KiB", 1, 1e12,
                   "receive buffer per port, advertised as credits on lossless links",
                   "assumption: covers the credit round trip of a few-metre link"),
      number_param("io_static_power", dimension::power, "0.5W", 0, 1000,
                   "static power of the link-layer logic per connected port",
                   "assumption: no public figure"),
      number_param("io_energy_per_bit", dimension::energy_per_bit, "0.3pJ/bit", 0, 1e-9,
                   "link-layer energy per bit sent and per bit received",
                   "assumption: no public figure"),
  };
  return specs;
}

accelerator_port::accelerator_port(sc_core::sc_module_name name, const param_set &p,
                                   std::uint32_t endpoint_id, const std::vector<bool> &connected)
    : fabric_node(name, static_cast<int>(p.get_int("ports")), connected, false),
      endpoint_id_(endpoint_id), clock_(clock_descriptor::from_frequency(p.get("clock"))),
      tx_cycles_(p.get("tx_pipeline_cycles")), rx_cycles_(p.get("rx_pipeline_cycles")),
      tx_ps_(clock_.cycles(tx_cycles_)), rx_ps_(clock_.cycles(rx_cycles_)),
      forwarding_(p.get_flag("forwarding")), static_w_per_port_(p.get("io_static_power")),
      rx_buffer_bytes_(p.get("rx_buffer")),
      power_(std::string(this->name()) + ".io", power_class::accelerator_io,
             {{"off", 0.0}, {"idle", 0.0}}, p.get("io_energy_per_bit"), "idle") {}

void accelerator_port::finalize_ports(int connected_ports) {
  power_ = power_model(std::string(name()) + ".io", power_class::accelerator_io,
                       {{"off", 0.0}, {"idle", static_w_per_port_ * connected_ports}},
                       power_.energy_per_bit_j(), "idle");
  for (auto &p : ports_)
    if (p.egress && p.egress->connected()) {
      p.egress->add_power_model(&power_);            // bits sent
      p.ingress->sender()->add_power_model(&power_); // bits received
    }
}

void accelerator_port::inject(packet &pkt) {
  const time_ps now = now_ps();
  pkt.created_ps = now;
  pkt.held_at = nullptr;
  const int port = pkt.channel > 0 ? select_channel_port(pkt) : select_port(pkt);
  if (port < 0) {
    drop(pkt, "no_route");
    return;
  }
  const time_ps ready = now + tx_latency_ps();
  pkt.fixed_ps += tx_latency_ps();
  ports_[static_cast<std::size_t>(port)].egress->enqueue(pkt, ready, 0);
}

void accelerator_port::on_arrival(packet &pkt, int port_index) {
  ingress_port &in = *ports_[static_cast<std::size_t>(port_index)].ingress;
  const time_ps now = now_ps();
  if (pkt.dst == endpoint_id_) {
    in.release(pkt, now);
    pkt.fixed_ps += rx_latency_ps();
    if (observer_)
      observer_->on_delivered(pkt, now + rx_latency_ps());
    return;
  }
  if (!forwarding_) {
    in.release(pkt, now);
    drop(pkt, "misrouted");
    return;
  }
  const int port = select_port(pkt);
  if (port < 0) {
    in.release(pkt, now);
    drop(pkt, "no_route");
    return;
  }
  // Store-and-forward through the endpoint's RX and TX pipelines.
  pkt.fixed_ps += rx_latency_ps() + tx_latency_ps();
  ports_[static_cast<std::size_t>(port)].egress->enqueue(
      pkt, now + rx_latency_ps() + tx_latency_ps(), 0);
}

void accelerator_port::collect_signals(std::vector<signal_track *> &out) {
  fabric_node::collect_signals(out);
  out.push_back(&power_.track());
}

} // namespace fabricvp
