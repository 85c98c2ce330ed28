#include "platforms/deadlock_check.h"

#include <algorithm>
#include <unordered_set>

namespace fabricvp {

dependency_check_result check_channel_dependencies(const dependency_check_input &in) {
  const auto &adj = *in.adjacency;
  const std::size_t nodes = adj.size();
  dependency_check_result result;

  // Channels: (node, port) of a lossless link of this network.
  struct channel {
    std::size_t from, to;
    int port;
  };
  std::vector<channel> channels;
  std::vector<std::vector<int>> channel_at(nodes); // [node][port] -> channel or -1
  for (std::size_t u = 0; u < nodes; ++u) {
    int max_port = -1;
    for (const auto &h : adj[u])
      max_port = std::max(max_port, h.port);
    channel_at[u].assign(static_cast<std::size_t>(max_port + 1), -1);
    for (const auto &h : adj[u]) {
      if (!in.in_network[h.connection] || !(*in.lossless_connection)[h.connection])
        continue;
      channel_at[u][static_cast<std::size_t>(h.port)] = static_cast<int>(channels.size());
      channels.push_back({u, h.neighbour, h.port});
    }
  }
  result.channels = channels.size();

  auto routes_of = [&](const fabric_node::route_table *t, std::size_t dst,
                       const std::uint16_t *&first, std::size_t &count) {
    if (!t || dst + 1 >= t->begin.size()) {
      count = 0;
      return;
    }
    first = t->ports.data() + t->begin[dst];
    count = t->begin[dst + 1] - t->begin[dst];
  };

  // Dependencies, deduplicated.
  std::vector<std::vector<std::uint32_t>> successors(channels.size());
  std::unordered_set<std::uint64_t> seen;
  const std::size_t networks = in.tables.empty() ? 0 : in.tables.front().size();
  for (std::size_t net = 0; net < networks; ++net) {
    for (std::size_t d = 0; d < in.endpoint_count; ++d) {
      for (std::size_t c = 0; c < channels.size(); ++c) {
        const channel &ch = channels[c];
        if (!(*in.forwards)[ch.to])
          continue; // the packet ends (or is dropped) at a non-forwarding node
        const std::uint16_t *first = nullptr;
        std::size_t count = 0;
        routes_of(in.tables[ch.from][net], d, first, count);
        if (std::find(first, first + count, static_cast<std::uint16_t>(ch.port)) == first + count)
          continue; // no packet for d takes this channel
        routes_of(in.tables[ch.to][net], d, first, count);
        for (std::size_t k = 0; k < count; ++k) {
          const auto &at = channel_at[ch.to];
          const int next = first[k] < at.size() ? at[first[k]] : -1;
          if (next < 0)
            continue;
          const std::uint64_t key =
              static_cast<std::uint64_t>(c) << 32 | static_cast<unsigned>(next);
          if (seen.insert(key).second)
            successors[c].push_back(static_cast<std::uint32_t>(next));
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
