#include "testbench/workloads/schedule.h"

#include <stdexcept>

namespace fabricvp {

std::uint32_t schedule::begin_op(operation_desc op) {
  if (in_op_)
    throw std::logic_error("schedule: begin_op inside an operation");
  in_op_ = true;
  op.first_node = op.end_node = static_cast<node_id>(nodes_.size());
  ops_.push_back(std::move(op));
  return static_cast<std::uint32_t>(ops_.size() - 1);
}

void schedule::end_op() {
  if (!in_op_)
    throw std::logic_error("schedule: end_op outside an operation");
  in_op_ = false;
  ops_.back().end_node = static_cast<node_id>(nodes_.size());
}

node_id schedule::add_transfer(std::uint32_t src, std::uint32_t dst, std::uint64_t bytes,
                               std::uint8_t network, time_ps delay_ps) {
  if (!in_op_)
    throw std::logic_error("schedule: node outside an operation");
  schedule_node n;
  n.src = src;
  n.dst = dst;
  n.bytes = bytes;
  n.network = network;
  n.channel = bytes > 0 ? channel_ : 0;
  n.op = static_cast<std::uint32_t>(ops_.size() - 1);
  n.delay_ps = delay_ps;
  nodes_.push_back(n);
  return static_cast<node_id>(nodes_.size() - 1);
}

node_id schedule::add_local(std::uint32_t rank, time_ps delay_ps) {
  return add_transfer(rank, rank, 0, 0, delay_ps);
}

void schedule::add_dependency(node_id from, node_id to) {
  if (from == no_node || to == no_node)
    return;
  if (from >= to)
    throw std::logic_error("schedule: a dependency must point to a later node");
  edges_.push_back({from, to});
  ++nodes_[to].deps;
}

node_id schedule::join(std::uint32_t rank, const std::vector<node_id> &nodes) {
  if (nodes.empty())
    return no_node;
  if (nodes.size() == 1)
    return nodes[0];
  const node_id j = add_local(rank, 0);
  add_dependencies(nodes, j);
  return j;
}

void schedule::finalize() {
  succ_begin_.assign(nodes_.size() + 1, 0);
  for (const auto &e : edges_)
    ++succ_begin_[e.first + 1];
  for (std::size_t i = 1; i < succ_begin_.size(); ++i)
    succ_begin_[i] += succ_begin_[i - 1];
  succ_.assign(edges_.size(), 0);
  std::vector<std::uint32_t> fill(succ_begin_.begin(), succ_begin_.end() - 1);
  for (const auto &e : edges_)
    succ_[fill[e.first]++] = e.second;
  edges_.clear();
  edges_.shrink_to_fit();
}

} // namespace fabricvp
