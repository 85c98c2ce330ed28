#include "testbench/checking/stability_probe.h"

#include <algorithm>

namespace fabricvp {

stability_probe::stability_probe(platform &top, const netlist &n, time_ps window_start_ps,
                                 time_ps window_end_ps)
    : top_(top), middle_ps_(window_start_ps + (window_end_ps - window_start_ps) / 2) {
  for (std::size_t k = 0; k < top.links.size(); ++k) {
    const connection_desc &c = n.connections[k];
    ports_.push_back({&top.links[k]->a_to_b(),
                      n.instances[c.a_instance].path + ".port" + std::to_string(c.a_port),
                      c.label});
    ports_.push_back({&top.links[k]->b_to_a(),
                      n.instances[c.b_instance].path + ".port" + std::to_string(c.b_port),
                      c.label});
  }
  top.calendar().schedule(window_start_ps, *this);
}

stability_probe::sample_at stability_probe::sample() const {
  sample_at s{now_ps(), {}};
  s.work.reserve(ports_.size());
  for (const port_ref &p : ports_)
    s.work.push_back(p.egress->accepted_work_ps());
  return s;
}

void stability_probe::on_calendar() {
  samples_.push_back(sample());
  if (samples_.size() == 1)
    top_.calendar().schedule(middle_ps_, *this);
}

void stability_probe::sample_window_end() {
  if (samples_.size() == 2)
    samples_.push_back(sample());
}

double stability_probe::offered(std::size_t port, std::size_t from, std::size_t to) const {
  const sample_at &a = samples_[from], &b = samples_[to];
  return static_cast<double>(b.work[port] - a.work[port]) / static_cast<double>(b.t - a.t);
}

stability_result stability_probe::result(double threshold) const {
  stability_result r;
  r.threshold = threshold;
  if (samples_.size() != 3 || samples_[1].t <= samples_[0].t || samples_[2].t <= samples_[1].t)
    return r;
  const time_ps window = samples_[2].t - samples_[0].t;
  for (std::size_t i = 0; i < ports_.size(); ++i) {
    if (std::min(offered(i, 0, 1), offered(i, 1, 2)) <= threshold)
      continue;
    ++r.overloaded_count;
    const time_ps accepted = samples_[2].work[i] - samples_[0].work[i];
    r.worst.push_back({ports_[i].name, ports_[i].link, offered(i, 0, 2),
                       accepted > window ? accepted - window : 0});
  }
  std::sort(r.worst.begin(), r.worst.end(), [](const overloaded_port &a, const overloaded_port &b) {
    return a.offered_load != b.offered_load ? a.offered_load > b.offered_load : a.port < b.port;
  });
  if (r.worst.size() > stability_result::listed_ports_limit)
    r.worst.resize(stability_result::listed_ports_limit);
  return r;
}

} // namespace fabricvp
