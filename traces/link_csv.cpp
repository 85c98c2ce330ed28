#include "traces/link_csv.h"

#include <fstream>

namespace fabricvp {

bool write_link_csv(const nlohmann::json &report, const std::string &path) {
  std::ofstream out(path);
  out << "link,kind,network,from,to,utilisation,data_rate_gbps,margin_db\n";
  for (const auto &l : report["links"]) {
    auto row = [&](const std::string &from, const std::string &to, const char *util) {
      out << '"' << l["name"].get<std::string>() << "\"," << l["kind"].get<std::string>() << ','
          << l["network"].get<std::string>() << ',' << from << ',' << to << ','
          << l[util].get<double>() << ',' << l["data_rate_gbps"].get<double>() << ','
          << l["margin_db"].get<double>() << '\n';
    };
    row(l["a"].get<std::string>(), l["b"].get<std::string>(), "utilisation_a_to_b");
    row(l["b"].get<std::string>(), l["a"].get<std::string>(), "utilisation_b_to_a");
  }
  return static_cast<bool>(out.flush());
}

} // namespace fabricvp
