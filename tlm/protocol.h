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

inline time_ps now_ps() { return sc_core::sc_time_stamp().value(); }
inline sc_core::sc_time ps_time(time_ps t) { return sc_core::sc_time::from_value(t); }

} // namespace fabricvp
