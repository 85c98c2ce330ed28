// Technology presets as data: named bundles of parameter values for one
// component type, each value with the published source it comes from (or a
// labelled assumption). Loaded from platforms/presets/*.yaml:
//   presets:
//     serdes_112g_lr:
//       type: serdes_phy
//       description: ...
//       params:
//         loss_budget: {value: 28dB, source: "IEEE 802.3ck KR"}
// A preset may start from presets defined before it (`from: [A, B]`, applied
// in order, then its own `params:`), of its type or of another type whose
// parameters it has: an AEC preset is a retimer preset plus a twinax preset.
#pragma once

#include "core/params.h"

#include <map>
#include <string>
#include <vector>

namespace fabricvp {

struct preset_value {
  std::string text;
  std::string source;
  source_location where;
};

struct preset {
  std::string name;
  std::string type;
  std::string description;
  source_location where;
  std::map<std::string, preset_value> values;
  // A platform's own preset that took the place of one of the same name:
  // where that one was defined ("" when it replaced nothing).
  std::string replaced;
};

class preset_catalog {
public:
  // Loads every *.yaml in the folder (sorted by name). Throws input_error.
  void load_folder(const std::string &folder);
  // A shipped file: a name defined twice is an error. A platform's own file
  // (`replace`): a preset of a name already loaded (shipped, or from an
  // earlier file of the platform) replaces it whole, and must keep its type.
  void load_file(const std::string &path, bool replace = false);
  const preset *find(const std::string &name) const;
  std::vector<std::string> names() const;
  const std::map<std::string, preset> &all() const { return presets_; }
  // Applies a preset to a parameter set (origin "preset NAME").
  void apply(const preset &p, param_set &params) const;

private:
  std::map<std::string, preset> presets_;
};

// Folder with presets and shipped platforms: $FABRICVP_ROOT/platforms or the
// source tree this binary was built from.
std::string platforms_folder();

} // namespace fabricvp
