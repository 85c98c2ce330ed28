// Checks of a prepared netlist that `run` used to meet only while building
// or simulating, made where `validate` makes them too:
// - every credit (lossless) link gives its sender at least one largest
//   packet of credit (else that packet could never be sent, and the run
//   ended in a "deadlock"): the receiver's rx_buffer, a switch's buffer
//   shared by its connected ports, or the link's credit_buffer;
// - every endpoint reaches every other when the workload is generated
//   traffic (any endpoint may send to any other).
// Each throws input_error naming the file, line and parameter path.
// Leaves out: which links a given traffic pattern really uses.
#pragma once

#include "platforms/netlist.h"

#include <cstdint>
#include <functional>

namespace fabricvp {

void check_credit_buffers(const netlist &n);

// `hops(src, dst)`: the hop count from endpoint src to endpoint dst on
// routing network 0 (indexes into n.endpoints()), negative when there is no
// path: platform::path_hops, or the routing tables' distances.
using endpoint_hops = std::function<int(std::uint32_t src, std::uint32_t dst)>;
void check_reachability(const netlist &n, const endpoint_hops &hops);

} // namespace fabricvp
