// The component types a platform file can name, registered by name with
// their parameter specs: the loader validates against them, `fabricvp list`
// and docs/modules/ document them. A node type also registers its traits
// (endpoint or switch, the parameter that sets its port count, whether it
// forwards and whether it adapts routes) and a factory that builds its
// SystemC module; the loader, routing, elaborator and testbench ask these
// instead of comparing type names. One table, so they never disagree:
// adding a type is its own files plus one entry in registry.cpp.
// Leaves out: registration from a module's own file (a static registrar in
// a static library is dropped by the linker unless something uses it) and
// types loaded at run time.
#pragma once

#include "core/params.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

class fabric_node;

enum class type_category { node, link_element, channel_segment, link, section };

// How a node takes part in a platform. An endpoint is a traffic source and
// sink, numbered in file order (its endpoint id); its module derives from
// accelerator_port (platform::endpoints). A switch forwards and is counted
// as a switch; its module derives from switch_asic (platform::switches).
enum class node_role { endpoint, switch_node };

// What a node factory builds a module from.
struct node_args {
  const char *name; // the module's name at its hierarchy level ("acc3")
  const param_set &params;
  std::uint32_t endpoint_id;                // endpoints only
  const std::vector<bool> &connected_ports; // by port index
  double connected_bps = 0.0;               // data rate of the connected ports, one direction
};

struct node_traits {
  node_role role;
  const char *port_count_param;             // the parameter that sets the port count
  bool (*forwards)(const param_set &);      // relays packets addressed to other endpoints
  bool (*adapts_routes)(const param_set &); // may reorder a flow (least-loaded port choice)
  std::unique_ptr<fabric_node> (*make)(const node_args &);
};

struct component_type {
  std::string name;
  type_category category;
  std::string description;
  const std::vector<param_spec> *params;
  std::optional<node_traits> node; // node types only
};

const std::vector<component_type> &component_types();
const component_type *find_component_type(const std::string &name);
const char *category_name(type_category c);

// The traits of a node type; std::logic_error for a name that is not one
// (the loader admits node types only).
const node_traits &node_traits_of(const std::string &type);
bool is_endpoint(const std::string &type);
bool is_switch(const std::string &type);

} // namespace fabricvp
