#include "modules/crossbar.h"

#include <algorithm>
#include <stdexcept>

namespace fabricvp {

crossbar::crossbar(int ports, crossbar_grant_sink &sink)
    : inputs_(static_cast<std::size_t>(ports)), outputs_(static_cast<std::size_t>(ports)),
      sink_(sink) {
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    inputs_[i].fabric = this;
    inputs_[i].index = static_cast<int>(i);
  }
  pass_.fabric = this;
}

void crossbar::offer(packet &pkt, int in, int out, time_ps ready_ps, time_ps transfer_ps,
                     time_ps tail_ready_ps) {
  if (!calendar_)
    throw std::logic_error("crossbar: no arrival calendar");
  input &x = inputs_.at(static_cast<std::size_t>(in));
  x.queue.push_back({&pkt, out, ready_ps, transfer_ps, tail_ready_ps});
  if (x.queue.size() == 1 && !x.crossing)
    present_head(x, now_ps());
}

void crossbar::present_head(input &x, time_ps now) {
  const queued_packet &head = x.queue.front();
  if (head.ready_ps > now) {
    calendar_->schedule(head.ready_ps, x);
    return;
  }
  x.requesting = true;
  outputs_[static_cast<std::size_t>(head.out)].requesting_inputs.push_back(x.index);
  request_arbitration(head.out, now);
}

void crossbar::on_input_wake(int in) {
  const time_ps now = now_ps();
  input &x = inputs_[static_cast<std::size_t>(in)];
  if (x.crossing && x.crossing_until_ps <= now) {
    x.crossing = false;
    outputs_[static_cast<std::size_t>(x.crossing_to)].busy = false;
    request_arbitration(x.crossing_to, now);
  }
  if (!x.crossing && !x.requesting && !x.queue.empty())
    present_head(x, now);
}

void crossbar::request_arbitration(int out, time_ps now) {
  output &o = outputs_[static_cast<std::size_t>(out)];
  if (o.busy || o.in_pass || o.requesting_inputs.empty())
    return;
  o.in_pass = true;
  outputs_to_arbitrate_.push_back(out);
  if (!pass_scheduled_) {
    pass_scheduled_ = true;
    calendar_->schedule(now, pass_);
  }
}

void crossbar::arbitrate() {
  const time_ps now = now_ps();
  pass_scheduled_ = false;
  arbitrating_.swap(outputs_to_arbitrate_);
  for (int out : arbitrating_) {
    output &o = outputs_[static_cast<std::size_t>(out)];
    o.in_pass = false;
    if (!o.busy && !o.requesting_inputs.empty())
      grant(out, now);
  }
  arbitrating_.clear();
}

std::size_t crossbar::round_robin_choice(const output &o) const {
  const int ports = static_cast<int>(inputs_.size());
  std::size_t best = 0;
  int best_distance = ports;
  for (std::size_t k = 0; k < o.requesting_inputs.size(); ++k) {
    const int distance = (o.requesting_inputs[k] - o.round_robin_next + ports) % ports;
    if (distance < best_distance) {
      best = k;
      best_distance = distance;
    }
  }
  return best;
}

void crossbar::grant(int out, time_ps now) {
  output &o = outputs_[static_cast<std::size_t>(out)];
  const std::size_t k = round_robin_choice(o);
  input &x = inputs_[static_cast<std::size_t>(o.requesting_inputs[k])];
  o.requesting_inputs[k] = o.requesting_inputs.back();
  o.requesting_inputs.pop_back();
  o.round_robin_next = (x.index + 1) % static_cast<int>(inputs_.size());
  o.busy = true;

  const queued_packet head = x.queue.front();
  x.queue.pop_front();
  x.requesting = false;
  x.crossing = true;
  x.crossing_to = out;
  x.crossing_until_ps = std::max(now + head.transfer_ps, head.tail_ready_ps);
  calendar_->schedule(x.crossing_until_ps, x);
  sink_.on_granted(*head.pkt, out, now, head.tail_ready_ps);
}

} // namespace fabricvp
