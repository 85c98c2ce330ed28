#include "tlm/ports.h"

#include <algorithm>
#include <stdexcept>

namespace fabricvp {

egress_port::egress_port(sc_core::sc_module_name name)
    : sc_module(name), socket("socket"), queue_depth(std::string(this->name()) + ".queue_depth",
                                                     signal_track::kind::integer, "pkt", "queues"),
      credits(std::string(this->name()) + ".credits", signal_track::kind::integer, "B", "credits"),
      link_busy(std::string(this->name()) + ".link_busy", signal_track::kind::integer, "", "links"),
      bit_rate_(std::string(this->name()) + ".bit_rate", signal_track::kind::real, "bit/s", "") {
  socket.bind(*this);
}

void egress_port::configure(const link_timing &timing, flow_control fc, double credit_bytes) {
  timing_ = timing;
  fc_ = fc;
  credits_bytes_ = fc == flow_control::credit ? credit_bytes : 0.0;
  credits.set_initial(credits_bytes_);
}

void egress_port::start_of_simulation() {
  energy_per_bit_j_ = 0.0;
  for (const power_model *pm : powered_)
    energy_per_bit_j_ += pm->energy_per_bit_j();
  // The recorded power tracks of this direction's elements follow its bit rate.
  std::vector<std::pair<signal_track *, double>> traced_power;
  for (power_model *pm : powered_)
    if (pm->track().recording())
      traced_power.push_back({&pm->track(), pm->energy_per_bit_j()});
  if (!traced_power.empty() && !bit_rate_.recording())
    traced_power.front().first->recorder()->record_group(bit_rate_, traced_power);
  tracing_ = queue_depth.recording() || credits.recording() || link_busy.recording() ||
             bit_rate_.recording();
}

void egress_port::enqueue(packet &pkt, time_ps ready_ps, time_ps tail_ready_ps) {
  if (tracing_)
    queue_depth.post(ready_ps, +1);
  waiting_.push_back({&pkt, ready_ps, tail_ready_ps});
  if (waiting_.size() == 1)
    try_schedule();
}

time_ps egress_port::accepted_work_ps() const {
  time_ps work = stats_.busy_ps;
  for (std::size_t i = 0; i < waiting_.size(); ++i)
    work += timing_.serialization_ps(waiting_.at(i).pkt->size_bytes);
  return work;
}

void egress_port::try_schedule() {
  if (scheduling_)
    return;
  scheduling_ = true;
  const time_ps now = now_ps();
  while (!waiting_.empty()) {
    const waiting_packet &w = waiting_.front();
    const time_ps base = std::max({w.ready_ps, busy_until_, now});
    time_ps start = base;
    if (fc_ == flow_control::credit) {
      const double need = w.pkt->size_bytes;
      while (!returns_.empty() && returns_.front().t <= start) {
        credits_bytes_ += returns_.front().bytes;
        returns_.pop_front();
      }
      while (credits_bytes_ < need && !returns_.empty()) {
        start = std::max(start, returns_.front().t);
        credits_bytes_ += returns_.front().bytes;
        returns_.pop_front();
      }
      if (credits_bytes_ < need)
        break; // wait until the receiver promises more buffer (nb_transport_bw)
      credits_bytes_ -= need;
      if (tracing_)
        credits.post(start, -need);
      stats_.credit_wait_ps += start - std::max(w.ready_ps, busy_until_);
    }
    const waiting_packet taken = w;
    waiting_.pop_front();
    transmit(taken, start, now);
  }
  scheduling_ = false;
}

// A packet ready at `ready` and starting at `start` waited behind the packet
// sent before it. If that one is of the same message, the wait it overlaps
// (its transmission, and the part of its own wait spent behind its message,
// taken as the latest part of that wait) is backlog; the rest is queueing.
// Exact when nothing else shares the port: a lone message queues for 0.
time_ps egress_port::queueing_behind_others(const packet &pkt, time_ps ready, time_ps start) const {
  const time_ps wait = start - ready;
  if (pkt.tag == 0 || pkt.tag != last_.tag || wait == 0)
    return wait;
  const time_ps transmission = last_.end > ready ? last_.end - std::max(ready, last_.start) : 0;
  const time_ps earlier_backlog =
      last_.start > ready ? std::min(last_.own_wait, last_.start - ready) : 0;
  return wait - std::min(wait, transmission + earlier_backlog);
}

void egress_port::transmit(const waiting_packet &w, time_ps start, time_ps now) {
  packet &pkt = *w.pkt;
  if (pkt.size_bytes != cached_size_) {
    cached_size_ = pkt.size_bytes;
    cached_serialization_ps_ = timing_.serialization_ps(pkt.size_bytes);
    cached_header_ps_ = timing_.header_serialization_ps(pkt.size_bytes);
  }
  const time_ps serialization = cached_serialization_ps_;
  const time_ps queueing = queueing_behind_others(pkt, w.ready_ps, start);
  pkt.queueing_ps += queueing;
  const time_ps end = std::max(start + serialization, w.tail_ready_ps);
  last_ = {pkt.tag, w.ready_ps, start, end, start - w.ready_ps - queueing};
  busy_until_ = end;
  if (pkt.hops == 0)
    pkt.first_tx_ps = start;
  ++pkt.hops;
  pkt.head_arrival_ps = start + cached_header_ps_ + timing_.fixed_latency_ps;
  pkt.tail_arrival_ps = end + timing_.fixed_latency_ps;
  pkt.fixed_ps += timing_.fixed_latency_ps;

  const double bits = timing_.wire_bits(pkt.size_bytes);
  ++stats_.packets;
  stats_.payload_bytes += pkt.size_bytes;
  stats_.busy_ps += end - start;
  bits_.add(start, end, bits); // the dynamic energy of every element on this direction
  if (transfers_ && pkt.tag != 0)
    transfers_->on_transfer(pkt, bits * energy_per_bit_j_);
  if (tracing_) {
    if (bit_rate_.recording() && end > start) {
      const double rate = bits / (static_cast<double>(end - start) * 1e-12);
      bit_rate_.post(start, rate);
      bit_rate_.post(end, -rate);
    }
    queue_depth.post(start, -1);
    link_busy.post(start, +1);
    link_busy.post(end, -1);
  }

  if (owner_)
    owner_->on_transmit_scheduled(pkt, owner_port_, start, end);
  tlm::tlm_phase phase = tlm::BEGIN_REQ;
  sc_core::sc_time delay = ps_time(pkt.head_arrival_ps - now);
  socket->nb_transport_fw(pkt, phase, delay);
}

time_ps egress_port::replay(const packet &pkt, time_ps earliest_ps) {
  const time_ps start = std::max(earliest_ps, busy_until_);
  const time_ps end = start + timing_.serialization_ps(pkt.size_bytes);
  busy_until_ = end;
  const double bits = timing_.wire_bits(pkt.size_bytes);
  ++stats_.replays;
  stats_.busy_ps += end - start;
  bits_.add(start, end, bits);
  if (transfers_ && pkt.tag != 0)
    transfers_->on_transfer(pkt, bits * energy_per_bit_j_);
  if (tracing_) {
    if (bit_rate_.recording() && end > start) {
      const double rate = bits / (static_cast<double>(end - start) * 1e-12);
      bit_rate_.post(start, rate);
      bit_rate_.post(end, -rate);
    }
    link_busy.post(start, +1);
    link_busy.post(end, -1);
  }
  return start;
}

tlm::tlm_sync_enum egress_port::nb_transport_bw(packet &pkt, tlm::tlm_phase &phase,
                                                sc_core::sc_time &delay) {
  if (phase == tlm::END_REQ && fc_ == flow_control::credit) {
    const time_ps t = now_ps() + delay.value() + timing_.credit_latency_ps;
    returns_.insert({t, static_cast<double>(pkt.size_bytes)});
    if (tracing_)
      credits.post(t, +static_cast<double>(pkt.size_bytes));
    if (!waiting_.empty())
      try_schedule();
  }
  return tlm::TLM_ACCEPTED;
}

ingress_port::ingress_port(sc_core::sc_module_name name, packet_sink &owner, int index,
                           bool cut_through)
    : sc_module(name), socket("socket"), peq_(this, &ingress_port::arrived), owner_(owner),
      index_(index), cut_through_(cut_through) {
  socket.bind(*this);
}

tlm::tlm_sync_enum ingress_port::nb_transport_fw(packet &pkt, tlm::tlm_phase &phase,
                                                 sc_core::sc_time &delay) {
  if (calendar_) {
    const time_ps t = cut_through_ ? pkt.head_arrival_ps : pkt.tail_arrival_ps;
    if (in_flight_.empty()) {
      in_flight_.insert({t, &pkt});
      calendar_->schedule(t, *this);
    } else {
      // Arrivals over one link are in order; keep the FIFO sorted regardless.
      if (t < in_flight_.front().t)
        throw std::logic_error(std::string(name()) + ": arrival before the head of its link");
      in_flight_.insert({t, &pkt});
    }
    return tlm::TLM_ACCEPTED;
  }
  if (!cut_through_)
    delay += ps_time(pkt.tail_arrival_ps - pkt.head_arrival_ps);
  peq_.notify(pkt, phase, delay);
  return tlm::TLM_ACCEPTED;
}

void ingress_port::on_calendar() {
  if (!retry_) { // the fast path: every wake-up is the head's arrival
    packet *pkt = in_flight_.front().pkt;
    in_flight_.pop_front();
    if (!in_flight_.empty())
      calendar_->schedule(in_flight_.front().t, *this);
    arrived(*pkt, tlm::BEGIN_REQ);
    return;
  }
  const time_ps now = now_ps();
  packet *pkt = nullptr;
  if (replaying_) {
    if (now < replay_at_)
      return; // a frame behind the replay: it waits for it
    pkt = replaying_;
    replaying_ = nullptr;
  } else {
    if (in_flight_.empty() || in_flight_.front().t > now)
      return; // a wake-up left over from a replay
    pkt = in_flight_.front().pkt;
    in_flight_.pop_front();
  }
  // A frame held back by a replay arrives late: its times move with it.
  const time_ps late =
      now - std::min(now, cut_through_ ? pkt->head_arrival_ps : pkt->tail_arrival_ps);
  if (late > 0) {
    pkt->head_arrival_ps += late;
    pkt->tail_arrival_ps += late;
  }
  arrived(*pkt, tlm::BEGIN_REQ);
  if (!replaying_ && !in_flight_.empty())
    calendar_->schedule(std::max(now, in_flight_.front().t), *this);
}

void ingress_port::arrived(packet &pkt, const tlm::tlm_phase &) {
  pkt.held_at = this;
  if (errors_.active() && errors_.lost(pkt.size_bytes)) {
    if (retry_ && calendar_ && sender_) {
      ++retries_;
      replaying_ = &pkt;
      const time_ps start = sender_->replay(pkt, now_ps() + nak_ps_);
      const link_timing &t = sender_->timing();
      replay_at_ = start + t.fixed_latency_ps +
                   (cut_through_ ? t.header_serialization_ps(pkt.size_bytes)
                                 : t.serialization_ps(pkt.size_bytes));
      calendar_->schedule(replay_at_, *this);
      return;
    }
    owner_.on_corrupted(pkt, index_);
    return;
  }
  owner_.on_arrival(pkt, index_);
}

void ingress_port::release(packet &pkt, time_ps t) {
  pkt.held_at = nullptr;
  if (!credit_mode)
    return;
  tlm::tlm_phase phase = tlm::END_REQ;
  sc_core::sc_time delay = ps_time(t - now_ps());
  socket->nb_transport_bw(pkt, phase, delay);
}

} // namespace fabricvp
