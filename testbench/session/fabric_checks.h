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

#include "modules/route_table.h"
#include "platforms/netlist.h"

#include <cstdint>

namespace fabricvp {

void check_credit_buffers(const netlist &n);

// On routing network 0 of the tables (the platform's, or validate's):
// linear in links and endpoints when every endpoint reaches every other.
void check_reachability(const netlist &n, const route_tables &routes);

} // namespace fabricvp
