// The fabric of an input-queued switch with FIFO inputs (Karol, Hluchyj and
// Morgan, "Input versus output queueing on a space-division packet switch",
// IEEE Trans. Commun. 35(12), 1987). Each input offers only the packet at the
// head of its queue, once the packet is ready (its lookup pipeline done). Each
// output that is free grants one of the heads waiting for it, the first input
// at or after its round-robin pointer, which then moves past that input. A
// transfer holds its input and its output for the packet's serialization time
// on the output link divided by the speedup, and at least until the packet's
// tail is in (cut-through). A head waiting for a busy output blocks the
// packets behind it (head-of-line blocking): under uniform traffic the
// fabric saturates at the head-of-line bound of its radix (0.6013 of the wire
// for N = 16, 2 - sqrt(2) = 0.586 as N grows), for any packet size.
//
// Event-driven through the platform's arrival calendar: an input wakes when
// its head becomes ready or its transfer ends (that also frees the output).
// Outputs arbitrate in a pass scheduled for the same time, which the calendar
// serves after everything that was already due then, so a grant at t sees
// every head that is ready at t. An idle fabric schedules nothing.
// Leaves out: virtual output queues and iterative matching (iSLIP, PIM);
// backpressure from an output link waiting for credits (granted packets wait
// in the egress FIFO, which a speedup above 1 fills as well); a fabric
// latency of its own (it is part of the switch pipeline).
#pragma once

#include "core/fifo.h"
#include "tlm/arrival_calendar.h"
#include "tlm/packet.h"

#include <vector>

namespace fabricvp {

// Told when the crossbar grants a packet its output (the packet then goes to
// the output's egress port).
class crossbar_grant_sink {
public:
  virtual ~crossbar_grant_sink() = default;
  virtual void on_granted(packet &pkt, int out, time_ps granted_ps, time_ps tail_ready_ps) = 0;
};

class crossbar {
public:
  crossbar(int ports, crossbar_grant_sink &sink);
  crossbar(const crossbar &) = delete;
  crossbar &operator=(const crossbar &) = delete;

  void use_calendar(arrival_calendar *c) { calendar_ = c; }
  // A packet for output `out` joins the queue of input `in`: it may cross
  // from ready_ps, the transfer takes transfer_ps and cannot end before
  // tail_ready_ps (0: no constraint).
  void offer(packet &pkt, int in, int out, time_ps ready_ps, time_ps transfer_ps,
             time_ps tail_ready_ps);
  // Packets queued at input `in`, the one crossing excluded.
  std::size_t queued(int in) const { return inputs_.at(static_cast<std::size_t>(in)).queue.size(); }

private:
  struct queued_packet {
    packet *pkt;
    int out;
    time_ps ready_ps;
    time_ps transfer_ps;
    time_ps tail_ready_ps;
  };
  struct input : calendar_client {
    crossbar *fabric = nullptr;
    int index = 0;
    fifo<queued_packet> queue;
    bool requesting = false; // its head waits at its output
    bool crossing = false;
    int crossing_to = -1;
    time_ps crossing_until_ps = 0;
    void on_calendar() override { fabric->on_input_wake(index); }
  };
  struct output {
    bool busy = false;
    bool in_pass = false;               // listed for the next arbitration pass
    std::vector<int> requesting_inputs; // whose heads wait for this output
    int round_robin_next = 0;           // the input granted first on a tie
  };
  struct arbitration_pass : calendar_client {
    crossbar *fabric = nullptr;
    void on_calendar() override { fabric->arbitrate(); }
  };

  void on_input_wake(int in);
  // The head of an idle input requests its output if it is ready, else the
  // input wakes when it is.
  void present_head(input &x, time_ps now);
  void request_arbitration(int out, time_ps now);
  void arbitrate();
  void grant(int out, time_ps now);
  // Index in requesting_inputs of the first input at or after the pointer.
  std::size_t round_robin_choice(const output &o) const;

  std::vector<input> inputs_;
  std::vector<output> outputs_;
  arbitration_pass pass_;
  bool pass_scheduled_ = false;
  std::vector<int> outputs_to_arbitrate_, arbitrating_;
  arrival_calendar *calendar_ = nullptr;
  crossbar_grant_sink &sink_;
};

} // namespace fabricvp
