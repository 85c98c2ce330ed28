// fabricvp's TLM-2.0 protocol: packets travel as the payload of a project
// protocol-traits class, with the base-protocol phases reused as:
//   nb_transport_fw(pkt, BEGIN_REQ, delay): the packet's first bit arrives at
//       the receiver `delay` from now (its last bit at pkt.tail_arrival_ps);
//   nb_transport_bw(pkt, END_REQ, delay): the receiver frees the packet's
//       buffer space `delay` from now; the sender regains size_bytes of credit
//       after the credit's own flight time over the link.
// Timing annotation carries the future, so one kernel event per packet per
// hop suffices (the receiver's payload event queue).
#pragma once

#include "tlm/packet.h"

#include <systemc>
#include <tlm>

namespace fabricvp {

struct packet_protocol {
  typedef packet tlm_payload_type;
  typedef tlm::tlm_phase tlm_phase_type;
};

using packet_initiator_socket = tlm::tlm_initiator_socket<32, packet_protocol>;
using packet_target_socket = tlm::tlm_target_socket<32, packet_protocol>;
using packet_fw_if = tlm::tlm_fw_transport_if<packet_protocol>;
using packet_bw_if = tlm::tlm_bw_transport_if<packet_protocol>;

// While the arrival calendar serves the entries due at one time (one
// SC_METHOD activation: simulated time cannot move during it), it keeps that
// time here, and now_ps() answers from the copy instead of calling into the
// kernel several times per packet and hop. Outside those activations it
// holds no_time and now_ps() asks the kernel.
inline constexpr time_ps no_time = ~time_ps(0);
inline time_ps calendar_time_ps = no_time;
inline time_ps now_ps() {
  const time_ps t = calendar_time_ps;
  return t != no_time ? t : sc_core::sc_time_stamp().value();
}
// A time in picoseconds (the kernel's default resolution, which fabricvp
// keeps) as an sc_time. sc_time::from_value is an out-of-line library call
// per use (two or three per packet-hop); scaling one resolution unit is
// inline and exact below 2^52 ps (1.25 hours simulated: sc_time adds 0.5
// and truncates, which needs a half-unit step), beyond which from_value is
// used.
inline sc_core::sc_time ps_time(time_ps t) {
  static const sc_core::sc_time one_ps = sc_core::sc_time::from_value(1);
  return t < (time_ps(1) << 52) ? one_ps * static_cast<double>(t) : sc_core::sc_time::from_value(t);
}

} // namespace fabricvp
