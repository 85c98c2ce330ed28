#include "testbench/workloads/collective.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace fabricvp {
namespace {

// Old pattern names (ring only) and the kind they stand for.
std::string kind_of_pattern(const std::string &pattern) {
  if (pattern == "all_reduce_ring")
    return "all_reduce";
  if (pattern == "all_gather_ring")
    return "all_gather";
  if (pattern == "reduce_scatter_ring")
    return "reduce_scatter";
  return pattern;
}

} // namespace

bool collective_engine::is_collective(const std::string &pattern) {
  return is_collective_kind(kind_of_pattern(pattern));
}

void bind_call(collective_call &c, const fabric_view &p, const std::string &scale_up_network,
               const std::string &scale_out_network, long group_size, long channels) {
  if (c.ranks.size() < 2)
    throw call_error{"ranks", "a collective needs at least 2 ranks (it has " +
                                  std::to_string(c.ranks.size()) +
                                  "): one rank moves nothing, so its time and bandwidths "
                                  "would mean nothing"};
  auto network = [&](const std::string &param, const std::string &name) -> int {
    const int k = p.network_index(name);
    if (k < 0) {
      std::string known = "any";
      for (const auto &nn : p.network_names())
        known += ", " + nn;
      throw call_error{param, "no link kind has network '" + name + "' (networks: " + known + ")"};
    }
    return k;
  };
  const int up = network("scale_up_network", scale_up_network);
  const int out = network("scale_out_network", scale_out_network);
  for (std::uint32_t r : c.ranks)
    if (r >= p.endpoint_count())
      throw call_error{"ranks", "endpoint " + std::to_string(r) +
                                    " does not exist (the platform has " +
                                    std::to_string(p.endpoint_count()) + ")"};
  // Flat algorithms: the scale-up network where it joins the pair, else the
  // scale-out network, else any link.
  const fabric_view *pp = &p;
  c.flat = [pp, up, out](std::uint32_t a, std::uint32_t b) -> std::uint8_t {
    if (up > 0 && pp->path_hops(a, b, static_cast<std::uint8_t>(up)) >= 0)
      return static_cast<std::uint8_t>(up);
    if (out > 0 && pp->path_hops(a, b, static_cast<std::uint8_t>(out)) >= 0)
      return static_cast<std::uint8_t>(out);
    return 0;
  };
  c.scale_up = [up](std::uint32_t, std::uint32_t) { return static_cast<std::uint8_t>(up); };
  c.scale_out = [out](std::uint32_t, std::uint32_t) { return static_cast<std::uint8_t>(out); };
  // Channels: as asked, or (0) one per port rank 0 has towards rank 1 on the
  // network the first transfers take.
  c.channels = static_cast<std::uint32_t>(channels);
  if (channels == 0) {
    c.channels = 1;
    if (c.ranks.size() >= 2) {
      const std::uint8_t net = c.kind == "all_reduce" && c.algorithm == "hierarchical" && up > 0
                                   ? static_cast<std::uint8_t>(up)
                                   : c.flat(c.ranks[0], c.ranks[1]);
      c.channels = static_cast<std::uint32_t>(
          std::max<std::size_t>(1, p.route_count(c.ranks[0], c.ranks[1], net)));
    }
  }
  // No channel without a byte to carry.
  c.channels = static_cast<std::uint32_t>(
      std::min<double>(c.channels, std::max(1.0, std::floor(c.message_bytes))));
  constexpr std::uint64_t max_nodes = 100000000; // ~13 GB of schedule: beyond, refuse
  if (estimated_nodes(c) > max_nodes)
    throw call_error{c.kind == "broadcast" || c.algorithm == "tree" ? "chunk" : "channels",
                     "this call would need about " + std::to_string(estimated_nodes(c)) +
                         " transfers (more than " + std::to_string(max_nodes) +
                         "): use fewer channels or ranks, or a larger chunk"};
  if (c.kind == "broadcast" && c.root >= c.ranks.size() && !c.ranks.empty())
    throw call_error{"root", "root " + std::to_string(c.root) + " is not one of the " +
                                 std::to_string(c.ranks.size()) + " ranks"};
  if (c.kind != "all_reduce" || c.algorithm != "hierarchical")
    return;
  const auto n = static_cast<std::uint32_t>(c.ranks.size());
  c.groups.clear();
  if (group_size == 0) {
    if (up == 0)
      throw call_error{"group_size", "hierarchical all-reduce needs group_size, or "
                                     "scale_up_network to find the groups"};
    std::vector<bool> placed(n, false);
    for (std::uint32_t r = 0; r < n; ++r) {
      if (placed[r])
        continue;
      c.groups.push_back({r});
      placed[r] = true;
      for (std::uint32_t q = r + 1; q < n; ++q)
        if (!placed[q] && p.path_hops(c.ranks[r], c.ranks[q], static_cast<std::uint8_t>(up)) >= 0) {
          c.groups.back().push_back(q);
          placed[q] = true;
        }
    }
  } else {
    if (n % static_cast<std::uint32_t>(group_size) != 0)
      throw call_error{"group_size", std::to_string(n) + " ranks do not split into groups of " +
                                         std::to_string(group_size)};
    for (std::uint32_t r = 0; r < n; ++r) {
      if (r % group_size == 0)
        c.groups.emplace_back();
      c.groups.back().push_back(r);
    }
  }
  for (const auto &grp : c.groups)
    if (grp.size() != c.groups.front().size())
      throw call_error{"group_size", "the scale-up groups differ in size (" +
                                         std::to_string(c.groups.front().size()) + " and " +
                                         std::to_string(grp.size()) + " ranks)"};
  // Every ring the algorithm runs must have a path on its network.
  auto joined = [&](std::uint32_t a, std::uint32_t b, int net, const char *param,
                    const std::string &net_name) {
    if (p.path_hops(c.ranks[a], c.ranks[b], static_cast<std::uint8_t>(net)) < 0)
      throw call_error{param, "ranks " + std::to_string(a) + " and " + std::to_string(b) +
                                  " (endpoints " + p.endpoint_name(c.ranks[a]) + " and " +
                                  p.endpoint_name(c.ranks[b]) + ") are not joined by network " +
                                  (net_name.empty() ? std::string("any") : net_name)};
  };
  const std::size_t g = c.groups.front().size();
  for (const auto &grp : c.groups)
    for (std::size_t m = 0; m + 1 < g || (g > 2 && m + 1 == g); ++m)
      joined(grp[m], grp[(m + 1) % g], up, "group_size", scale_up_network);
  for (std::size_t j = 0; j < g && c.groups.size() > 1; ++j)
    for (std::size_t k = 0; k < c.groups.size(); ++k)
      joined(c.groups[k][j], c.groups[(k + 1) % c.groups.size()][j], out, "scale_out_network",
             scale_out_network);
}

std::uint64_t estimated_nodes(const collective_call &c) {
  const double n = static_cast<double>(c.ranks.size());
  const double channels = std::max<double>(1.0, c.channels);
  const double chunk_bytes =
      c.chunk_bytes > 0 ? static_cast<double>(c.chunk_bytes) : std::ceil(c.message_bytes / 8.0);
  const double chunks = std::ceil(c.message_bytes / channels / std::max(1.0, chunk_bytes));
  double per_channel = 2.0 * n * n; // ring all-reduce (and the phases of hierarchical)
  if (c.kind == "all_to_all")
    per_channel = n * n;
  else if (c.kind == "broadcast")
    per_channel = n * chunks;
  else if (c.kind == "all_reduce" && c.algorithm == "tree")
    per_channel = 2.0 * n * chunks;
  const double total = channels * per_channel;
  return total > 1e18 ? ~std::uint64_t(0) : static_cast<std::uint64_t>(total);
}

schedule collective_engine::schedule_from_workload(const fabric_view &p, const param_set &w) {
  const std::string kind = kind_of_pattern(w.get_choice("pattern"));
  const std::string algorithm = w.get_choice("algorithm");
  if (!algorithm_supported(kind, algorithm))
    throw input_error(w.value("algorithm").where, "workload.algorithm",
                      "algorithm '" + algorithm + "' does not run " + kind);
  const auto endpoints = static_cast<std::uint32_t>(p.endpoint_count());
  const long ranks_wanted = w.get_int("ranks");
  const std::uint32_t n = ranks_wanted == 0
                              ? endpoints
                              : static_cast<std::uint32_t>(std::min<long>(ranks_wanted, endpoints));
  collective_call c;
  c.kind = kind;
  c.algorithm = algorithm;
  for (std::uint32_t r = 0; r < n; ++r)
    c.ranks.push_back(r);
  c.message_bytes = std::floor(w.get("message_size"));
  c.chunk_bytes = static_cast<std::uint64_t>(w.get("chunk"));
  c.reduce_ps = seconds_to_ps(w.get("compute_gap"));
  c.root = static_cast<std::uint32_t>(w.get_int("root"));
  try {
    bind_call(c, p, w.get_name("scale_up_network"), w.get_name("scale_out_network"),
              w.get_int("group_size"), w.get_int("channels"));
  } catch (const call_error &e) {
    // At the setting's line, or where the workload picks the collective
    // when the setting was left at its default.
    const param_value &v = w.value(e.param);
    const source_location where = v.where.file.empty() ? w.value("pattern").where : v.where;
    throw input_error(where, "workload." + e.param, e.message);
  }
  schedule s;
  add_collective(s, c, std::vector<node_id>(n, no_node));
  s.finalize();
  return s;
}

collective_engine::collective_engine(platform &p, schedule plan, std::uint32_t mtu,
                                     packet_pool &pool, scoreboard &board)
    : platform_(p), plan_(std::move(plan)), pool_(pool), board_(board), calendar_(p.calendar()),
      mtu_(std::max<std::uint32_t>(1, mtu)),
      endpoints_(static_cast<std::uint32_t>(p.endpoints.size())) {
  p.collect_power(power_);
  state_.resize(plan_.size());
  // Dense flow ids, one per (source, destination, channel) the plan uses:
  // channels take their own paths and keep their own order.
  {
    std::unordered_map<std::uint64_t, std::uint32_t> ids;
    flow_of_.resize(plan_.size(), 0);
    for (node_id n = 0; n < plan_.size(); ++n) {
      const schedule_node &sn = plan_.node(n);
      if (sn.bytes == 0)
        continue;
      const std::uint64_t key = (static_cast<std::uint64_t>(sn.channel) << 48) |
                                (static_cast<std::uint64_t>(sn.src) << 24) | sn.dst;
      flow_of_[n] = ids.emplace(key, static_cast<std::uint32_t>(ids.size())).first->second;
    }
    next_seq_.assign(ids.size(), 0);
  }
  const auto &ops = plan_.operations();
  op_nodes_left_.resize(ops.size());
  op_started_.assign(ops.size(), false);
  op_energy_start_.resize(ops.size());
  op_energy_end_.resize(ops.size());
  op_traffic_j_.assign(ops.size(), 0.0);
  for (fabric_node *node : p.nodes)
    for (int i = 0; i < node->port_count(); ++i)
      if (node->port_created(i))
        node->egress(i).set_transfer_observer(this);
  for (std::size_t k = 0; k < ops.size(); ++k)
    op_nodes_left_[k] = ops[k].end_node - ops[k].first_node;
  board_.on_delivery_hook = [this](const packet &pkt, time_ps at) { on_delivery(pkt, at); };
  for (node_id n = 0; n < plan_.size(); ++n) {
    state_[n].deps_left = plan_.node(n).deps;
    if (state_[n].deps_left == 0) {
      state_[n].start = plan_.node(n).delay_ps;
      queue_.push({state_[n].start, n});
      wake_at(state_[n].start);
    }
  }
}

collective_engine::~collective_engine() { board_.on_delivery_hook = nullptr; }

std::map<std::string, double> collective_engine::energy_snapshot(time_ps at) const {
  std::map<std::string, double> e;
  for (const power_model *pm : power_)
    e[pm->power_class_name()] += pm->energy_j(at);
  return e;
}

// The first node of an operation to become ready opens its energy window.
void collective_engine::note_op_start(std::uint32_t op, time_ps at) {
  if (op_started_[op])
    return;
  op_started_[op] = true;
  if (plan_.operations()[op].kind != "join")
    op_energy_start_[op] = energy_snapshot(at);
}

void collective_engine::on_calendar() {
  const time_ps now = now_ps();
  if (now == last_wake_ps_)
    wake_pending_ = false;
  while (!queue_.empty() && queue_.top().t <= now) {
    const node_id n = queue_.top().node;
    queue_.pop();
    launch(n);
  }
}

void collective_engine::launch(node_id n) {
  const schedule_node &sn = plan_.node(n);
  node_state &st = state_[n];
  note_op_start(sn.op, st.ready);
  if (sn.bytes == 0) {
    complete_node(n, st.start);
    return;
  }
  const std::uint32_t flow = flow_of_[n];
  st.packets_left = (sn.bytes + mtu_ - 1) / mtu_;
  std::uint64_t left = sn.bytes;
  const time_ps now = now_ps();
  for (std::uint64_t k = 0; k < st.packets_left; ++k) {
    const auto size = static_cast<std::uint32_t>(std::min<std::uint64_t>(left, mtu_));
    left -= size;
    packet &pkt = pool_.acquire();
    pkt.id = board_.counts().injected; // sequential, shared with the scoreboard's count
    pkt.src = sn.src;
    pkt.dst = sn.dst;
    pkt.flow = flow;
    pkt.seq = next_seq_[flow]++;
    pkt.size_bytes = size;
    pkt.network = sn.network;
    pkt.channel = sn.channel;
    pkt.created_ps = now;
    pkt.tag = static_cast<std::uint64_t>(n) + 1; // 0 means "not a scheduled packet"
    board_.on_injected(pkt);
    platform_.endpoints[sn.src]->inject(pkt);
  }
}

void collective_engine::on_transfer(const packet &pkt, double joules) {
  const auto n = static_cast<node_id>(pkt.tag - 1);
  if (n < plan_.size())
    op_traffic_j_[plan_.node(n).op] += joules;
}

void collective_engine::on_delivery(const packet &pkt, time_ps at) {
  if (pkt.tag == 0)
    return;
  const auto n = static_cast<node_id>(pkt.tag - 1);
  if (n >= plan_.size() || plan_.node(n).dst != pkt.dst || state_[n].packets_left == 0) {
    board_.add_violation("collective: endpoint " + std::to_string(pkt.dst) +
                         " got an unexpected packet of transfer " + std::to_string(n));
    return;
  }
  node_state &st = state_[n];
  if (--st.packets_left > 0)
    return;
  st.last_queueing = pkt.queueing_ps;
  complete_node(n, at);
}

// Completes n at `at`, then every successor whose last dependency that was;
// local steps complete in place (no calendar entry), transfers are queued
// for their start time.
void collective_engine::complete_node(node_id first, time_ps first_at) {
  state_[first].done = first_at;
  ready_stack_.push_back(first);
  while (!ready_stack_.empty()) {
    const node_id n = ready_stack_.back();
    ready_stack_.pop_back();
    const time_ps at = state_[n].done;
    ++completed_;
    finish_ps_ = std::max(finish_ps_, at);
    if (at > now_ps())
      wake_at(at); // a local step ending later: the run lasts until it has ended
    if (completed_ == plan_.size() && finish_ps_ > now_ps())
      wake_at(finish_ps_); // the run ends when the last result is in, not before
    const std::uint32_t op = plan_.node(n).op;
    if (--op_nodes_left_[op] == 0 && plan_.operations()[op].kind != "join")
      op_energy_end_[op] = energy_snapshot(at);
    for (const node_id *s = plan_.successors_begin(n); s != plan_.successors_end(n); ++s) {
      node_state &ss = state_[*s];
      if (ss.critical_pred == no_node || at >= ss.ready) {
        ss.ready = at;
        ss.critical_pred = n;
      }
      if (--ss.deps_left > 0)
        continue;
      ss.start = ss.ready + plan_.node(*s).delay_ps;
      if (plan_.node(*s).bytes == 0) {
        note_op_start(plan_.node(*s).op, ss.ready);
        ss.done = ss.start;
        ready_stack_.push_back(*s);
      } else {
        queue_.push({ss.start, *s});
        wake_at(ss.start);
      }
    }
  }
}

void collective_engine::wake_at(time_ps t) {
  // One calendar entry per distinct start time (most starts coincide with
  // the delivery that caused them).
  if (t == last_wake_ps_ && wake_pending_)
    return;
  last_wake_ps_ = t;
  wake_pending_ = true;
  calendar_.schedule(t, *this);
}

time_ps collective_engine::serialization_ps(const schedule_node &n) const {
  // At the rate of the source's first port towards dst on the node's network.
  const accelerator_port &src = *platform_.endpoints[n.src];
  const port_span routes = src.routes_towards(n.network, n.dst);
  if (routes.count == 0)
    return 0;
  const link_timing &lt = const_cast<accelerator_port &>(src).egress(routes.ports[0]).timing();
  const std::uint64_t full = n.bytes / mtu_, rest = n.bytes % mtu_;
  return static_cast<time_ps>(full) * lt.serialization_ps(mtu_) +
         (rest ? lt.serialization_ps(static_cast<double>(rest)) : 0);
}

operation_report collective_engine::result(std::uint32_t op) const {
  const operation_desc &od = plan_.operations().at(op);
  operation_report r;
  r.name = od.name;
  r.job = od.job;
  r.kind = od.kind;
  r.algorithm = od.algorithm;
  r.ranks = od.ranks.size();
  r.message_bytes = od.message_bytes;
  r.bus_factor = od.bus_factor;
  r.complete = op_nodes_left_[op] == 0;
  if (od.first_node == od.end_node)
    return r;
  r.start_ps = ~time_ps(0);
  node_id last = od.first_node;
  for (node_id n = od.first_node; n < od.end_node; ++n) {
    r.start_ps = std::min(r.start_ps, state_[n].ready);
    if (state_[n].done >= state_[last].done)
      last = n;
    r.bytes_moved += plan_.node(n).bytes;
  }
  r.end_ps = state_[last].done;
  r.traffic_energy_j = op_traffic_j_[op];
  for (const auto &[cls, e] : op_energy_end_[op]) {
    const auto it = op_energy_start_[op].find(cls);
    r.energy_j_by_class[cls] = e - (it == op_energy_start_[op].end() ? 0.0 : it->second);
  }
  if (!r.complete)
    return r;
  // Walk the critical chain back to the operation's first node.
  time_ps chain_start = r.end_ps;
  for (node_id n = last; n != no_node && n >= od.first_node;) {
    const schedule_node &sn = plan_.node(n);
    const node_state &st = state_[n];
    r.compute_ps += st.start - st.ready;
    if (sn.bytes > 0) {
      const time_ps d = st.done - st.start;
      const time_ps ser_total = serialization_ps(sn);
      const time_ps queueing = std::min(d, st.last_queueing);
      const time_ps serialization = std::min(ser_total, d - queueing);
      r.queueing_ps += queueing;
      r.serialization_ps += serialization;
      r.fixed_latency_ps += d - queueing - serialization;
    } else {
      r.compute_ps += st.done - st.start;
    }
    chain_start = st.ready;
    n = st.critical_pred;
  }
  r.dependency_wait_ps = chain_start > r.start_ps ? chain_start - r.start_ps : 0;
  return r;
}

collective_result collective_engine::report() const {
  collective_result c;
  for (std::uint32_t k = 0; k < plan_.operations().size(); ++k)
    if (plan_.operations()[k].kind != "join") // bookkeeping of a workload file
      c.operations.push_back(result(k));
  c.complete = complete();
  c.finish_ps = finish_ps_;
  c.nodes = plan_.size();
  return c;
}

} // namespace fabricvp
