#include "traces/run_summary.h"

#include "traces/report_json.h"

#include <algorithm>
#include <sstream>

namespace fabricvp {
namespace {

double ns(double ps) { return round_to(ps / 1e3, 1e-6); }
double us(result_ps ps) { return static_cast<double>(ps) * 1e-12 * 1e6; }

void links_line(std::ostream &os, const run_result &r) {
  double worst_margin = 1e9, busiest = 0;
  std::string worst_link, busiest_link;
  for (const link_result &link : r.links) {
    const double margin = round_to(link.margin_db, 1e-9);
    if (margin < worst_margin) {
      worst_margin = margin;
      worst_link = link.name;
    }
    if (link.utilisation(r.sim_time_s()) > busiest) {
      busiest = link.utilisation(r.sim_time_s());
      busiest_link = link.name;
    }
  }
  os << "  links            " << r.links.size() << "; worst margin " << worst_margin << " dB ("
     << worst_link << "); busiest " << busiest * 100 << "% (" << busiest_link << ")\n";
}

void operation_lines(std::ostream &os, const operation_report &op) {
  os << "  collective       " << (op.job.empty() ? "" : op.job + "/") << op.name << ": " << op.kind
     << " " << op.algorithm << ", " << op.ranks << " ranks, " << op.message_bytes / 1024.0
     << " KiB: " << op.time_s() * 1e6 << " us, algbw " << op.algbw_gbps() << " Gb/s, busbw "
     << op.busbw_gbps() << " Gb/s, " << op.energy_j() * 1e3 << " mJ (" << op.pj_per_bit_moved()
     << " pJ/bit moved; own traffic " << op.traffic_energy_j * 1e3 << " mJ)"
     << (op.complete ? "" : " (INCOMPLETE)") << "\n"
     << "                   time: serialization " << us(op.serialization_ps) << " us, queueing "
     << us(op.queueing_ps) << " us, fixed latency " << us(op.fixed_latency_ps) << " us, compute "
     << us(op.compute_ps) << " us\n";
}

void collective_lines(std::ostream &os, const collective_result &c) {
  std::size_t shown = 0;
  for (const operation_report &op : c.operations) {
    if (op.kind == "compute")
      continue;
    if (++shown > 8) {
      os << "  ...              " << c.operations.size() << " operations in all (see the report)\n";
      break;
    }
    operation_lines(os, op);
  }
}

// Said only when something is wrong: ports over capacity, packets left out.
void stability_lines(std::ostream &os, const stability_result &s) {
  if (s.overloaded_count > 0) {
    const overloaded_port &w = s.worst.front();
    os << "  UNSTABLE         " << s.overloaded_count
       << " port direction(s) offered more than their capacity (threshold " << s.threshold
       << "); worst " << w.port << " (" << w.link << ") at " << w.offered_load
       << "x, its queue grew by " << us(w.backlog_growth_ps)
       << " us of transmission over the window; the run drained " << us(s.drain_ps)
       << " us after it: latency and throughput are not steady-state figures\n";
  }
  if (s.latency_left_out > 0)
    os << "  LEFT OUT         " << s.latency_left_out << " of " << s.window_packets
       << " window packets were not delivered by the end (drain off): the latency figures "
          "leave them out\n";
}

} // namespace

std::string run_summary(const run_result &r) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(3);
  const traffic_result &t = r.traffic;
  const latency_result &l = r.latency;
  os << "fabricvp run: " << r.platform_name << " (" << r.platform_file << "), seed " << r.seed
     << "\n";
  os << "  simulated        " << r.sim_time_s() * 1e6 << " us"
     << (r.interrupted ? " (INTERRUPTED: the outputs stop there)" : "") << "\n";
  os << "  packets          injected " << t.injected << ", delivered " << t.delivered
     << ", dropped " << t.dropped << ", in flight " << t.in_flight << "\n";
  os << "  latency          mean " << ns(l.mean_ps) << " ns, p50 " << ns(l.p50_ps) << " ns, p99 "
     << ns(l.p99_ps) << " ns, max " << l.max_ps / 1e3 << " ns\n";
  os << "  throughput       " << r.throughput_gbps() << " Gb/s delivered\n";
  os << "  power            " << r.average_power_w() << " W average, " << r.pj_per_bit_delivered()
     << " pJ/bit delivered\n";
  for (const auto &[cls, e] : r.energy_by_class)
    os << "    " << cls << std::string(16 - std::min<std::size_t>(15, cls.size()), ' ')
       << r.class_power_w(cls) << " W\n";
  links_line(os, r);
  if (r.collective)
    collective_lines(os, *r.collective);
  if (r.stability)
    stability_lines(os, *r.stability);
  os << "  scoreboard       " << r.scoreboard.violations << " violation(s)\n";
  const double hops_per_s = r.perf.wall_s > 0 ? r.perf.packet_hops / r.perf.wall_s : 0.0;
  os << "  wall time        " << r.perf.wall_s << " s (" << r.perf.cpu_s << " s CPU), "
     << hops_per_s / 1e6 << " M packet-hops/s\n";
  return os.str();
}

} // namespace fabricvp
