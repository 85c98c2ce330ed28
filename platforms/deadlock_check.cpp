#include "platforms/deadlock_check.h"

#include <algorithm>
#include <unordered_set>

namespace fabricvp {

dependency_check_result check_channel_dependencies(const dependency_check_input &in) {
  const route_tables &t = *in.tables;
  const std::vector<bool> &lossless = *in.lossless_connection;
  const std::size_t nodes = t.node_count();
  dependency_check_result result;
  auto in_networks = [&](std::uint32_t connection) {
    for (std::uint8_t net : in.networks)
      if (t.uses(net, connection))
        return true;
    return false;
  };

  // Channels: (node, port) of a lossless link of these networks.
  struct channel {
    std::size_t from, to;
    std::uint16_t port;
    std::uint32_t connection;
  };
  std::vector<channel> channels;
  std::vector<std::vector<int>> channel_at(nodes); // [node][port] -> channel or -1
  for (std::size_t u = 0; u < nodes; ++u) {
    int max_port = -1;
    for (const route_hop &h : t.neighbours(u))
      max_port = std::max(max_port, static_cast<int>(h.port));
    channel_at[u].assign(static_cast<std::size_t>(max_port + 1), -1);
    for (const route_hop &h : t.neighbours(u)) {
      if (!lossless[h.connection] || !in_networks(h.connection))
        continue;
      channel_at[u][h.port] = static_cast<int>(channels.size());
      channels.push_back({u, h.neighbour, h.port, h.connection});
    }
  }
  result.channels = channels.size();

  // Dependencies, deduplicated.
  std::vector<std::vector<std::uint32_t>> successors(channels.size());
  std::unordered_set<std::uint64_t> seen;
  auto depend = [&](std::size_t c, std::size_t v, port_span next_ports) {
    const auto &at = channel_at[v];
    for (std::uint16_t p : next_ports) {
      const int next = p < at.size() ? at[p] : -1;
      if (next < 0)
        continue;
      const std::uint64_t key = static_cast<std::uint64_t>(c) << 32 | static_cast<unsigned>(next);
      if (seen.insert(key).second)
        successors[c].push_back(static_cast<std::uint32_t>(next));
    }
  };
  auto has_port = [](port_span s, std::uint16_t p) {
    return std::find(s.begin(), s.end(), p) != s.end();
  };
  std::vector<std::uint16_t> scratch;
  std::unordered_set<std::uint32_t> done; // entries of v already followed for one channel
  for (std::uint8_t net : in.networks) {
    for (std::size_t ci = 0; ci < channels.size(); ++ci) {
      const channel &ch = channels[ci];
      if (!t.uses(net, ch.connection) || !t.forwards(ch.to))
        continue; // not this network's, or the packet ends (or is dropped) at ch.to
      const route_tables::placement &pv = t.where(ch.to, net);
      if (pv.component < 0)
        continue;
      const route_component &c = t.component(static_cast<std::size_t>(pv.component));
      done.clear();
      // Packets for the destinations of class cls that took the channel:
      // follow v's entry (for each endpoint at an attachment).
      auto follow = [&](std::uint32_t cls, std::size_t except) {
        const std::uint32_t ev = c.entry_of[static_cast<std::size_t>(pv.local) * c.classes + cls];
        if (ev == route_component::unreachable)
          return;
        if (ev != route_component::direct) {
          if (done.insert(ev).second)
            depend(ci, ch.to, c.span(c.entries[ev]));
          return;
        }
        for (std::uint32_t d : c.members[cls])
          if (t.endpoint_instance(d) != except)
            depend(ci, ch.to, c.span(c.entry(pv.local, cls, d)));
      };
      if (t.forwards(ch.from)) {
        // Both ends in the component: u's entry for the class holds the port.
        const route_tables::placement &pu = t.where(ch.from, net);
        for (std::uint32_t cls = 0; cls < c.classes; ++cls) {
          const std::uint32_t eu = c.entry_of[static_cast<std::size_t>(pu.local) * c.classes + cls];
          if (eu == route_component::unreachable || eu == route_component::direct)
            continue; // direct ports lead to endpoints that do not forward
          if (has_port(c.span(c.entries[eu]), ch.port))
            follow(cls, nodes);
        }
        continue;
      }
      // The sender does not forward: the channel carries its own packets,
      // for the destinations whose candidates at the sender include it.
      bool one_component = true;
      for (const route_hop &h : t.neighbours(ch.from))
        if (t.uses(net, h.connection) &&
            (!t.forwards(h.neighbour) || t.where(h.neighbour, net).component != pv.component))
          one_component = false;
      for (std::uint32_t cls = 0; cls < c.classes; ++cls) {
        if (one_component) {
          // Every neighbour's hops are the class's (any member but the sender).
          std::uint32_t d = 0;
          bool other = false;
          for (std::uint32_t m : c.members[cls])
            if (t.endpoint_instance(m) != ch.from) {
              d = m;
              other = true;
              break;
            }
          if (!other)
            continue;
          if (has_port(t.candidates(ch.from, net, d, scratch), ch.port))
            follow(cls, ch.from);
          continue;
        }
        for (std::uint32_t d : c.members[cls]) {
          if (t.endpoint_instance(d) == ch.from ||
              !has_port(t.candidates(ch.from, net, d, scratch), ch.port))
            continue;
          const std::uint32_t ev = c.entry_of[static_cast<std::size_t>(pv.local) * c.classes + cls];
          if (ev == route_component::direct)
            depend(ci, ch.to, c.span(c.entry(pv.local, cls, d)));
          else if (ev != route_component::unreachable && done.insert(ev).second)
            depend(ci, ch.to, c.span(c.entries[ev]));
        }
      }
    }
  }
  result.dependencies = seen.size();

  // Iterative depth-first search for a back edge.
  enum : std::uint8_t { unvisited, on_stack, finished };
  std::vector<std::uint8_t> state(channels.size(), unvisited);
  std::vector<std::pair<std::uint32_t, std::size_t>> stack; // channel, next successor
  for (std::size_t root = 0; root < channels.size() && result.acyclic; ++root) {
    if (state[root] != unvisited)
      continue;
    stack.push_back({static_cast<std::uint32_t>(root), 0});
    state[root] = on_stack;
    while (!stack.empty() && result.acyclic) {
      auto &[c, next] = stack.back();
      if (next == successors[c].size()) {
        state[c] = finished;
        stack.pop_back();
        continue;
      }
      const std::uint32_t s = successors[c][next++];
      if (state[s] == unvisited) {
        state[s] = on_stack;
        stack.push_back({s, 0});
      } else if (state[s] == on_stack) {
        result.acyclic = false;
        auto from =
            std::find_if(stack.begin(), stack.end(), [s](const auto &e) { return e.first == s; });
        for (auto it = from; it != stack.end(); ++it)
          result.cycle.push_back({channels[it->first].from, channels[it->first].port});
      }
    }
  }
  return result;
}

} // namespace fabricvp
