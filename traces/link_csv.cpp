#include "traces/link_csv.h"

#include "traces/output_file.h"
#include "traces/output_marker.h"
#include "traces/report_json.h"

#include <sstream>

namespace fabricvp {

void write_link_csv(const run_result &r, const std::string &path) {
  std::ostringstream out;
  out << marker_line(output_kind::link_table) << "\n";
  out << "link,kind,network,from,to,utilisation,data_rate_gbps,margin_db\n";
  const double sim_s = r.sim_time_s();
  for (const link_result &l : r.links) {
    auto row = [&](const std::string &from, const std::string &to, double utilisation) {
      out << '"' << l.name << "\"," << l.kind << ',' << l.network << ',' << from << ',' << to << ','
          << utilisation << ',' << l.data_rate_bps / 1e9 << ',' << round_to(l.margin_db, 1e-9)
          << '\n';
    };
    row(l.a, l.b, l.utilisation_a_to_b(sim_s));
    row(l.b, l.a, l.utilisation_b_to_a(sim_s));
  }
  write_output_file(path, "the link table", out.str());
}

} // namespace fabricvp
