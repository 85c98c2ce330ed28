#include "testbench/workloads/collective_algorithms.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fabricvp {
namespace {

std::uint64_t ceil_div(double bytes, double parts) {
  return static_cast<std::uint64_t>(std::max(1.0, std::ceil(bytes / parts)));
}

// The node saying `rank` has its result: `last` (what it received last), but
// never before the rank has entered the operation (its `start`).
node_id done_after_start(schedule &s, std::uint32_t rank, node_id last, node_id start) {
  if (start == no_node)
    return last;
  const node_id j = s.add_local(rank, 0);
  s.add_dependency(last, j);
  s.add_dependency(start, j);
  return j;
}

// One ring phase over `members` (indices into call.ranks, in ring order):
// `steps` steps of `chunk` bytes, the first `reduce_steps` of them reducing.
// start[m] / returned completion[m] are indexed by member position.
std::vector<node_id> ring_phase(schedule &s, const collective_call &call,
                                const std::vector<std::uint32_t> &members, std::uint64_t chunk,
                                std::uint32_t steps, std::uint32_t reduce_steps,
                                const network_picker &pick, const std::vector<node_id> &start) {
  const std::size_t n = members.size();
  if (n < 2 || steps == 0)
    return start;
  auto ep = [&](std::size_t m) { return call.ranks[members[m]]; };
  std::vector<std::uint8_t> net(n);
  for (std::size_t m = 0; m < n; ++m)
    net[m] = pick(ep(m), ep((m + 1) % n));
  std::vector<node_id> previous(n, no_node), current(n, no_node);
  for (std::uint32_t k = 0; k < steps; ++k) {
    const time_ps delay = k > 0 && k - 1 < reduce_steps ? call.reduce_ps : 0;
    for (std::size_t m = 0; m < n; ++m) {
      current[m] = s.add_transfer(ep(m), ep((m + 1) % n), chunk, net[m], delay);
      s.add_dependency(start[m], current[m]); // a rank sends only once it has entered
      if (k > 0)
        s.add_dependency(previous[(m + n - 1) % n], current[m]); // the chunk it forwards
    }
    std::swap(previous, current);
  }
  // A rank is done when the last chunk from its predecessor has arrived (and
  // been reduced, if the last step reduces).
  std::vector<node_id> done(n);
  for (std::size_t m = 0; m < n; ++m) {
    const node_id last = previous[(m + n - 1) % n];
    if (steps <= reduce_steps && call.reduce_ps > 0) {
      done[m] = s.add_local(ep(m), call.reduce_ps);
      s.add_dependency(last, done[m]);
      s.add_dependency(start[m], done[m]);
    } else {
      done[m] = done_after_start(s, ep(m), last, start[m]);
    }
  }
  return done;
}

std::vector<std::uint32_t> all_members(std::size_t n) {
  std::vector<std::uint32_t> m(n);
  for (std::size_t i = 0; i < n; ++i)
    m[i] = static_cast<std::uint32_t>(i);
  return m;
}

std::vector<node_id> ring(schedule &s, const collective_call &c,
                          const std::vector<node_id> &start) {
  const std::size_t n = c.ranks.size();
  const std::uint64_t chunk = ceil_div(c.message_bytes, static_cast<double>(n));
  const auto steps = static_cast<std::uint32_t>(n - 1);
  const std::vector<std::uint32_t> members = all_members(n);
  if (c.kind == "all_gather")
    return ring_phase(s, c, members, chunk, steps, 0, c.flat, start);
  if (c.kind == "reduce_scatter")
    return ring_phase(s, c, members, chunk, steps, steps, c.flat, start);
  return ring_phase(s, c, members, chunk, 2 * steps, steps, c.flat, start);
}

std::vector<std::uint64_t> chunk_sizes(const collective_call &c) {
  const double total = std::max(1.0, std::floor(c.message_bytes));
  const double chunk =
      c.chunk_bytes > 0 ? static_cast<double>(c.chunk_bytes) : std::ceil(total / 8.0);
  std::vector<std::uint64_t> sizes;
  for (double left = total; left > 0; left -= chunk)
    sizes.push_back(static_cast<std::uint64_t>(std::min(left, chunk)));
  return sizes;
}

std::vector<node_id> tree(schedule &s, const collective_call &c,
                          const std::vector<node_id> &start) {
  const std::size_t n = c.ranks.size();
  const std::vector<std::uint64_t> sizes = chunk_sizes(c);
  const std::size_t chunks = sizes.size();
  auto children = [&](std::size_t i) {
    std::vector<std::size_t> ch;
    for (std::size_t k = 2 * i + 1; k <= 2 * i + 2 && k < n; ++k)
      ch.push_back(k);
    return ch;
  };
  // Up: in rank order from the leaves (higher indices) so that a node's
  // dependencies always exist before it.
  std::vector<std::vector<node_id>> up(n, std::vector<node_id>(chunks, no_node));
  for (std::size_t i = n; i-- > 1;) {
    const std::size_t parent = (i - 1) / 2;
    const auto ch = children(i);
    for (std::size_t k = 0; k < chunks; ++k) {
      up[i][k] = s.add_transfer(c.ranks[i], c.ranks[parent], sizes[k],
                                c.flat(c.ranks[i], c.ranks[parent]), ch.empty() ? 0 : c.reduce_ps);
      s.add_dependency(start[i], up[i][k]);
      for (std::size_t child : ch)
        s.add_dependency(up[child][k], up[i][k]);
    }
  }
  // Down: from the root, in rank order (a parent's index is lower).
  std::vector<std::vector<node_id>> down(n, std::vector<node_id>(chunks, no_node)); // into rank
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t child : children(i)) {
      for (std::size_t k = 0; k < chunks; ++k) {
        const bool root = i == 0;
        down[child][k] = s.add_transfer(c.ranks[i], c.ranks[child], sizes[k],
                                        c.flat(c.ranks[i], c.ranks[child]), root ? c.reduce_ps : 0);
        if (root) {
          s.add_dependency(start[0], down[child][k]);
          for (std::size_t rc : children(0))
            s.add_dependency(up[rc][k], down[child][k]);
        } else {
          s.add_dependency(down[i][k], down[child][k]);
        }
      }
    }
  }
  std::vector<node_id> done(n, no_node);
  if (n < 2)
    return start;
  std::vector<node_id> root_last;
  for (std::size_t rc : children(0))
    root_last.push_back(up[rc][chunks - 1]);
  done[0] = s.add_local(c.ranks[0], c.reduce_ps);
  s.add_dependencies(root_last, done[0]);
  s.add_dependency(start[0], done[0]);
  for (std::size_t i = 1; i < n; ++i)
    done[i] = down[i][chunks - 1];
  return done;
}

std::vector<node_id> hierarchical(schedule &s, const collective_call &c,
                                  const std::vector<node_id> &start) {
  const std::size_t groups = c.groups.size();
  const std::size_t g = c.groups.front().size();
  const double shard = c.message_bytes / static_cast<double>(g);
  std::vector<node_id> at(c.ranks.size(), no_node); // by rank: progress so far
  // 1. reduce-scatter inside each group.
  for (const auto &members : c.groups) {
    std::vector<node_id> st;
    for (std::uint32_t r : members)
      st.push_back(start[r]);
    const auto steps = static_cast<std::uint32_t>(g - 1);
    const auto done = ring_phase(s, c, members, ceil_div(c.message_bytes, static_cast<double>(g)),
                                 steps, steps, c.scale_up, st);
    for (std::size_t m = 0; m < members.size(); ++m)
      at[members[m]] = done[m];
  }
  // 2. all-reduce of each shard across groups (same position, every group).
  for (std::size_t j = 0; j < g; ++j) {
    std::vector<std::uint32_t> members;
    std::vector<node_id> st;
    for (std::size_t k = 0; k < groups; ++k) {
      members.push_back(c.groups[k][j]);
      st.push_back(at[c.groups[k][j]]);
    }
    const auto steps = static_cast<std::uint32_t>(groups - 1);
    const auto done = ring_phase(s, c, members, ceil_div(shard, static_cast<double>(groups)),
                                 2 * steps, steps, c.scale_out, st);
    for (std::size_t m = 0; m < members.size(); ++m)
      at[members[m]] = done[m];
  }
  // 3. all-gather inside each group.
  for (const auto &members : c.groups) {
    std::vector<node_id> st;
    for (std::uint32_t r : members)
      st.push_back(at[r]);
    const auto done = ring_phase(s, c, members, ceil_div(c.message_bytes, static_cast<double>(g)),
                                 static_cast<std::uint32_t>(g - 1), 0, c.scale_up, st);
    for (std::size_t m = 0; m < members.size(); ++m)
      at[members[m]] = done[m];
  }
  return at;
}

std::vector<node_id> all_to_all(schedule &s, const collective_call &c,
                                const std::vector<node_id> &start) {
  const std::size_t n = c.ranks.size();
  const std::uint64_t part = ceil_div(c.message_bytes, static_cast<double>(n));
  std::vector<std::vector<node_id>> incoming(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t o = 1; o < n; ++o) {
      const std::size_t j = (i + o) % n;
      const node_id t =
          s.add_transfer(c.ranks[i], c.ranks[j], part, c.flat(c.ranks[i], c.ranks[j]));
      s.add_dependency(start[i], t);
      incoming[j].push_back(t);
    }
  }
  std::vector<node_id> done(n);
  for (std::size_t j = 0; j < n; ++j) {
    if (n >= 2 && start[j] != no_node)
      incoming[j].push_back(start[j]); // done only once it has entered
    done[j] = n < 2 ? start[j] : s.join(c.ranks[j], incoming[j]);
  }
  return done;
}

std::vector<node_id> broadcast(schedule &s, const collective_call &c,
                               const std::vector<node_id> &start) {
  const std::size_t n = c.ranks.size();
  const std::vector<std::uint64_t> sizes = chunk_sizes(c);
  std::vector<node_id> done(n, no_node);
  if (n < 2)
    return start;
  auto rank_at = [&](std::size_t hop) { return (c.root + hop) % n; }; // chain position
  std::vector<node_id> previous(sizes.size(), no_node);
  for (std::size_t hop = 0; hop + 1 < n; ++hop) {
    const std::size_t from = rank_at(hop), to = rank_at(hop + 1);
    const std::uint8_t net = c.flat(c.ranks[from], c.ranks[to]);
    for (std::size_t k = 0; k < sizes.size(); ++k) {
      const node_id t = s.add_transfer(c.ranks[from], c.ranks[to], sizes[k], net);
      s.add_dependency(start[from], t);
      s.add_dependency(previous[k], t);
      previous[k] = t;
    }
    done[to] = done_after_start(s, c.ranks[to], previous.back(), start[to]);
    if (hop == 0)
      done[from] = previous.back(); // the root is done when its last chunk has left for good
  }
  return done;
}

std::vector<node_id> build(schedule &s, const collective_call &c,
                           const std::vector<node_id> &start) {
  if (c.ranks.size() < 2)
    return start;
  if (c.kind == "all_to_all")
    return all_to_all(s, c, start);
  if (c.kind == "broadcast")
    return broadcast(s, c, start);
  if (c.kind == "all_reduce" && c.algorithm == "tree")
    return tree(s, c, start);
  if (c.kind == "all_reduce" && c.algorithm == "hierarchical")
    return hierarchical(s, c, start);
  return ring(s, c, start);
}

} // namespace

bool is_collective_kind(const std::string &kind) {
  return kind == "all_reduce" || kind == "all_gather" || kind == "reduce_scatter" ||
         kind == "all_to_all" || kind == "broadcast";
}

bool algorithm_supported(const std::string &kind, const std::string &algorithm) {
  if (kind == "all_reduce")
    return algorithm == "ring" || algorithm == "tree" || algorithm == "hierarchical";
  if (kind == "all_gather" || kind == "reduce_scatter")
    return algorithm == "ring";
  if (kind == "all_to_all")
    return algorithm == "pairwise" || algorithm == "ring"; // ring: the default name
  return kind == "broadcast";
}

double bus_factor(const std::string &kind, std::size_t n) {
  if (n < 2)
    return 0.0;
  const double f = static_cast<double>(n - 1) / static_cast<double>(n);
  if (kind == "all_reduce")
    return 2.0 * f;
  if (kind == "broadcast")
    return 1.0;
  return f;
}

std::vector<node_id> add_collective(schedule &s, const collective_call &c,
                                    const std::vector<node_id> &start) {
  if (start.size() != c.ranks.size())
    throw std::logic_error("add_collective: one start node per rank");
  operation_desc op;
  op.name = c.name.empty() ? c.kind : c.name;
  op.job = c.job;
  op.kind = c.kind;
  op.algorithm = c.kind == "all_to_all"  ? "pairwise"
                 : c.kind == "broadcast" ? "pipeline"
                                         : c.algorithm;
  op.ranks = c.ranks;
  op.message_bytes = std::floor(c.message_bytes);
  op.bus_factor = bus_factor(c.kind, c.ranks.size());
  s.begin_op(std::move(op));
  const std::uint32_t channels = std::clamp<std::uint32_t>(c.channels, 1, 255);
  std::vector<node_id> done;
  if (channels == 1 || c.ranks.size() < 2) {
    done = build(s, c, start);
  } else {
    // Channel k carries bytes [S k / C, S (k+1) / C).
    std::vector<std::vector<node_id>> per_channel;
    const double total = std::floor(c.message_bytes);
    for (std::uint32_t k = 0; k < channels; ++k) {
      collective_call part = c;
      part.message_bytes =
          std::floor(total * (k + 1) / channels) - std::floor(total * k / channels);
      s.set_channel(static_cast<std::uint8_t>(k + 1));
      per_channel.push_back(build(s, part, start));
    }
    s.set_channel(0);
    done.resize(c.ranks.size());
    for (std::size_t r = 0; r < c.ranks.size(); ++r) {
      std::vector<node_id> all;
      for (const auto &pc : per_channel)
        if (pc[r] != no_node)
          all.push_back(pc[r]);
      done[r] = s.join(c.ranks[r], all);
    }
  }
  s.end_op();
  return done;
}

std::vector<node_id> add_compute(schedule &s, const std::string &name, const std::string &job,
                                 const std::vector<std::uint32_t> &ranks, time_ps duration,
                                 const std::vector<node_id> &start) {
  operation_desc op;
  op.name = name;
  op.job = job;
  op.kind = "compute";
  op.ranks = ranks;
  s.begin_op(std::move(op));
  std::vector<node_id> done(ranks.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    done[i] = s.add_local(ranks[i], duration);
    s.add_dependency(start[i], done[i]);
  }
  s.end_op();
  return done;
}

} // namespace fabricvp
