#include "modules/cage.h"

namespace fabricvp {

const std::vector<param_spec> &cage::param_specs() {
  static const std::vector<param_spec> specs = {
      choice_param("form_factor", "osfp", {"osfp", "qsfp_dd"}, "module form factor the cage takes",
                   "OSFP MSA"),
      integer_param("ports_per_ru", "32", 1, 256, "cages per rack unit of front panel",
                    "OSFP MSA objectives: 32 ports per 1RU"),
      number_param("power_limit", dimension::power, "18W", 0, 100, "module power the cage can cool",
                   "NVIDIA SN5600: 18 W on all 64 ports (SN5000 docs)"),
  };
  return specs;
}

} // namespace fabricvp
