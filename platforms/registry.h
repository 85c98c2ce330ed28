// The component types a platform file can name, with their parameters, for
// the loader (validation), `fabricvp list` (documentation) and the
// elaborator (construction). One table, so the three never disagree.
#pragma once

#include "core/params.h"

#include <string>
#include <vector>

namespace fabricvp {

enum class type_category { node, link_element, channel_segment, link, section };

struct component_type {
  std::string name;
  type_category category;
  std::string description;
  const std::vector<param_spec> *params;
};

const std::vector<component_type> &component_types();
const component_type *find_component_type(const std::string &name);
const char *category_name(type_category c);

} // namespace fabricvp
