// A component type's parameters as rows (name, unit, default, range,
// description, source of the default) taken from its registered specs, and
// the two ways they are shown: the text `fabricvp list TYPE` prints and the
// Markdown table docs/modules/TYPE.md carries. One source for both, so the
// pages say what `list` says.
// Leaves out: presets (`fabricvp list presets` prints them).
#pragma once

#include "platforms/registry.h"

#include <string>
#include <vector>

namespace fabricvp {

struct param_row {
  std::string name, unit, default_text, range, description, source;
};

std::vector<param_row> param_rows(const component_type &t);
// "TYPE (CATEGORY): DESCRIPTION" and one entry per parameter, as `list` prints.
std::string type_listing(const component_type &t);
// A Markdown table, one row per parameter.
std::string param_table_markdown(const component_type &t);

} // namespace fabricvp
