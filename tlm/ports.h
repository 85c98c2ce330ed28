// Link ends. An egress_port owns the sending side of one link direction: its
// FIFO of packets waiting to start, the link's busy horizon, and (on lossless
// links) the sender's view of the receiver's buffer as credits in bytes. An
// ingress_port owns the receiving side: the payload event queue that wakes its
// node once per packet, and the return of credits.
//
// Scheduling is computed, not clocked: when a packet is enqueued, its start is
//   start = max(ready, busy_until, time enough credits are back)
// and it is sent at once with that future time annotated. A sender only waits
// (and only then costs extra events) when credits it needs have not yet been
// promised by the receiver.
// Leaves out: virtual channels / traffic-class queues (one FIFO per port).
#pragma once

#include "core/fifo.h"
#include "core/power.h"
#include "core/time_queue.h"
#include "core/timeline.h"
#include "tlm/arrival_calendar.h"
#include "tlm/frame_errors.h"
#include "tlm/link_timing.h"
#include "tlm/protocol.h"

#include <tlm_utils/peq_with_cb_and_phase.h>

#include <vector>

namespace fabricvp {

enum class flow_control { credit, lossy };

// Called by an ingress port when a packet reaches its node (at head arrival
// for cut-through receivers, at tail arrival otherwise).
class packet_sink {
public:
  virtual ~packet_sink() = default;
  virtual void on_arrival(packet &pkt, int port_index) = 0;
  // The packet arrived with errors the link could not correct (degraded link).
  virtual void on_corrupted(packet &pkt, int port_index) = 0;
};

// Told when a packet's transmission on one of its egress ports is scheduled
// (the node frees the packet's buffer space and returns credits upstream).
class egress_owner {
public:
  virtual ~egress_owner() = default;
  virtual void on_transmit_scheduled(packet &pkt, int port, time_ps start_ps, time_ps end_ps) = 0;
};

// Told of every transfer of a tagged packet (pkt.tag != 0) with the
// dynamic energy it costs on that link direction (the energy per bit of every
// element drawing from it x wire bits): workloads attribute energy to their
// own packets with it.
class transfer_observer {
public:
  virtual ~transfer_observer() = default;
  virtual void on_transfer(const packet &pkt, double joules) = 0;
};

// Counters each egress keeps for the report (analytic, not sampled).
struct egress_stats {
  std::uint64_t packets = 0;
  double payload_bytes = 0.0;
  time_ps busy_ps = 0;        // sum of serialization times
  time_ps credit_wait_ps = 0; // time head packets waited for credits
  std::uint64_t replays = 0;  // link-level retry replays sent (their time is in busy_ps)
};

class egress_port : public sc_core::sc_module, public packet_bw_if {
public:
  packet_initiator_socket socket;

  explicit egress_port(sc_core::sc_module_name name);

  void configure(const link_timing &timing, flow_control fc, double credit_bytes);
  // An element that spends energy per bit sent here (SerDes, node core,
  // optics; the receiving accelerator's I/O): it draws from this
  // direction's bit source.
  void add_power_model(power_model *pm) {
    powered_.push_back(pm);
    pm->draw_from(&bits_);
  }
  // Queues a packet that may start no earlier than ready_ps and whose last
  // bit may leave no earlier than tail_ready_ps (cut-through from a slower
  // input). `on_start` callback informs the owner of the scheduled start.
  void enqueue(packet &pkt, time_ps ready_ps, time_ps tail_ready_ps);
  // Link-level retry: sends `pkt` again, no earlier than `earliest_ps` and
  // after everything already scheduled on this direction; the replay takes
  // the link for its serialization and costs its bits' energy like any
  // transfer. Returns the replay's start.
  time_ps replay(const packet &pkt, time_ps earliest_ps);

  void set_transfer_observer(transfer_observer *o) { transfers_ = o; }
  void set_owner(egress_owner *owner, int port) {
    owner_ = owner;
    owner_port_ = port;
  }

  const link_timing &timing() const { return timing_; }
  flow_control mode() const { return fc_; }
  bool connected() const { return connected_; }
  void set_connected() { connected_ = true; }
  std::size_t waiting() const { return waiting_.size(); }
  // Transmission time of every packet this port has accepted so far: the
  // ones scheduled (stats().busy_ps, some ending in the future) and the ones
  // still waiting for credits. Its growth over a window is the work offered.
  time_ps accepted_work_ps() const;
  time_ps busy_until() const { return busy_until_; }
  const egress_stats &stats() const { return stats_; }
  double credits_bytes() const { return credits_bytes_; }
  // When the last credit the receiver has promised is back (0: none promised).
  time_ps last_credit_return_ps() const { return returns_.empty() ? 0 : returns_.back().t; }

  signal_track queue_depth; // packets waiting to start
  signal_track credits;     // bytes of receiver buffer the sender may fill
  signal_track link_busy;   // 1 while serializing

  // packet_bw_if
  tlm::tlm_sync_enum nb_transport_bw(packet &pkt, tlm::tlm_phase &phase,
                                     sc_core::sc_time &delay) override;
  void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}

  // Looks once which of its signals and power tracks are recorded.
  void start_of_simulation() override;

private:
  struct waiting_packet {
    packet *pkt;
    time_ps ready_ps;
    time_ps tail_ready_ps;
  };
  struct credit_return {
    time_ps t;
    double bytes;
  };
  void try_schedule();
  void transmit(const waiting_packet &w, time_ps start, time_ps now);
  time_ps queueing_behind_others(const packet &pkt, time_ps ready, time_ps start) const;
  egress_owner *owner_ = nullptr;
  int owner_port_ = -1;
  // Serialization of the last frame size seen (most workloads repeat sizes).
  std::uint32_t cached_size_ = 0;
  time_ps cached_serialization_ps_ = 0, cached_header_ps_ = 0;

  link_timing timing_;
  flow_control fc_ = flow_control::lossy;
  bool connected_ = false;
  fifo<waiting_packet> waiting_;
  time_ps busy_until_ = 0;
  // The packet sent last: its message tag, its transmission and the part of
  // its wait spent behind packets of its own message.
  struct last_sent {
    std::uint64_t tag = 0;
    time_ps ready = 0, start = 0, end = 0, own_wait = 0;
  } last_;
  double credits_bytes_ = 0.0; // available as of the latest scheduled start
  // Promised returns in time order (a receiver frees its buffer nearly in
  // the order it was filled, so most arrive in order).
  time_queue<credit_return> returns_;
  std::vector<power_model *> powered_;
  bit_source bits_;
  transfer_observer *transfers_ = nullptr;
  double energy_per_bit_j_ = 0.0; // sum over the elements drawing from bits_
  egress_stats stats_;
  bool scheduling_ = false;
  // Recorded signals (VCD): while false, no signal is touched per packet.
  bool tracing_ = false;
  // Bits per second of the transfers in progress, recorded as a group of
  // the traced power tracks (each e_bit x this): one post per transfer edge
  // instead of one per element.
  signal_track bit_rate_;
};

class ingress_port : public sc_core::sc_module, public packet_fw_if, public calendar_client {
public:
  packet_target_socket socket;

  ingress_port(sc_core::sc_module_name name, packet_sink &owner, int index, bool cut_through);

  // The packet left this node's buffer at time t: credits go back upstream.
  void release(packet &pkt, time_ps t);
  double buffer_bytes = 0.0; // size advertised as credits to the sender
  bool credit_mode = false;  // lossless link: the sender holds credits for this buffer
  bool connected = false;
  int index() const { return index_; }
  // The egress port at the other end of the link, which counts the bits that
  // arrive here (an element spending energy per bit received draws from it).
  void set_sender(egress_port *sender) { sender_ = sender; }
  egress_port *sender() const { return sender_; }
  // Arrivals go through the platform's calendar when one is set (fast
  // path), else through this port's own payload event queue.
  void use_calendar(arrival_calendar *c) { calendar_ = c; }
  // Hands an arrived packet to the node (called at its arrival time).
  void on_calendar() override;
  // Link-level retry (NVLink-like): a corrupted frame is replayed instead of
  // being dropped. The receiver's NAK reaches the sender `nak_ps` after the
  // corrupted arrival; the sender replays the frame after what it has
  // already scheduled (egress_port::replay: link time and energy), and the
  // frames behind it on the link wait for it at the receiver (the order is
  // kept) while its buffer stays held. Leaves out: go-back-N resending the
  // frames behind (they are held, not resent).
  void set_link_retry(time_ps nak_ps) {
    retry_ = true;
    nak_ps_ = nak_ps;
  }
  std::uint64_t retries() const { return retries_; }
  // Frames lost to uncorrectable errors (tlm/frame_errors.h), drawn per
  // frame for its own size; an inactive model makes no draws.
  void set_frame_errors(const frame_error_model &m, std::uint64_t seed) {
    errors_.configure(m, seed);
  }
  const frame_error_draw &frame_errors() const { return errors_; }

  // packet_fw_if
  tlm::tlm_sync_enum nb_transport_fw(packet &pkt, tlm::tlm_phase &phase,
                                     sc_core::sc_time &delay) override;
  void b_transport(packet &, sc_core::sc_time &) override {}
  bool get_direct_mem_ptr(packet &, tlm::tlm_dmi &) override { return false; }
  unsigned int transport_dbg(packet &) override { return 0; }

private:
  void arrived(packet &pkt, const tlm::tlm_phase &phase);
  tlm_utils::peq_with_cb_and_phase<ingress_port, packet_protocol> peq_;
  packet_sink &owner_;
  int index_;
  egress_port *sender_ = nullptr;
  bool cut_through_;
  frame_error_draw errors_;
  bool retry_ = false;
  time_ps nak_ps_ = 0;
  std::uint64_t retries_ = 0;
  packet *replaying_ = nullptr; // the frame being replayed, due at replay_at_
  time_ps replay_at_ = 0;
  arrival_calendar *calendar_ = nullptr;
  // Packets in flight towards this port, in arrival order (a link is FIFO):
  // only the head sits in the calendar, which keeps the calendar small.
  struct in_flight {
    time_ps t;
    packet *pkt;
  };
  time_queue<in_flight> in_flight_;
};

} // namespace fabricvp
