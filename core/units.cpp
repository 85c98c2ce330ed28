#include "core/units.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace fabricvp {
namespace {

struct unit_entry {
  const char *symbol;
  dimension dim;
  double scale; // value_si = number * scale
};

constexpr double inch_m = 0.0254;

const unit_entry unit_table[] = {
    {"fs", dimension::time, 1e-15},
    {"ps", dimension::time, 1e-12},
    {"ns", dimension::time, 1e-9},
    {"us", dimension::time, 1e-6},
    {"ms", dimension::time, 1e-3},
    {"s", dimension::time, 1.0},
    {"min", dimension::time, 60.0},
    {"h", dimension::time, 3600.0},
    {"d", dimension::time, 86400.0},
    {"bps", dimension::data_rate, 1.0},
    {"Kbps", dimension::data_rate, 1e3},
    {"Mbps", dimension::data_rate, 1e6},
    {"Gbps", dimension::data_rate, 1e9},
    {"Tbps", dimension::data_rate, 1e12},
    {"Gb/s", dimension::data_rate, 1e9},
    {"Tb/s", dimension::data_rate, 1e12},
    {"Mb/s", dimension::data_rate, 1e6},
    {"Hz", dimension::frequency, 1.0},
    {"kHz", dimension::frequency, 1e3},
    {"MHz", dimension::frequency, 1e6},
    {"GHz", dimension::frequency, 1e9},
    {"J", dimension::energy, 1.0},
    {"mJ", dimension::energy, 1e-3},
    {"uJ", dimension::energy, 1e-6},
    {"nJ", dimension::energy, 1e-9},
    {"pJ", dimension::energy, 1e-12},
    {"pJ/bit", dimension::energy_per_bit, 1e-12},
    {"pJ/b", dimension::energy_per_bit, 1e-12},
    {"fJ/bit", dimension::energy_per_bit, 1e-15},
    {"nJ/bit", dimension::energy_per_bit, 1e-9},
    {"W", dimension::power, 1.0},
    {"mW", dimension::power, 1e-3},
    {"uW", dimension::power, 1e-6},
    {"kW", dimension::power, 1e3},
    {"dB", dimension::loss, 1.0},
    {"dB/m", dimension::loss_per_length, 1.0},
    {"dB/km", dimension::loss_per_length, 1e-3},
    {"dB/cm", dimension::loss_per_length, 1e2},
    {"dB/mm", dimension::loss_per_length, 1e3},
    {"dB/in", dimension::loss_per_length, 1.0 / inch_m},
    {"dB/inch", dimension::loss_per_length, 1.0 / inch_m},
    {"m", dimension::length, 1.0},
    {"km", dimension::length, 1e3},
    {"cm", dimension::length, 1e-2},
    {"mm", dimension::length, 1e-3},
    {"um", dimension::length, 1e-6},
    {"in", dimension::length, inch_m},
    {"inch", dimension::length, inch_m},
    {"B", dimension::size, 1.0},
    {"KiB", dimension::size, 1024.0},
    {"MiB", dimension::size, 1024.0 * 1024.0},
    {"GiB", dimension::size, 1024.0 * 1024.0 * 1024.0},
    {"KB", dimension::size, 1e3},
    {"MB", dimension::size, 1e6},
    {"GB", dimension::size, 1e9},
    {"dBm", dimension::optical_power, 1.0},
    {"ps/mm", dimension::delay_per_length, 1e-12 / 1e-3},
    {"ns/m", dimension::delay_per_length, 1e-9},
    {"ps/m", dimension::delay_per_length, 1e-12},
    {"us/km", dimension::delay_per_length, 1e-6 / 1e3},
    {"C", dimension::temperature, 1.0},
    {"%", dimension::none, 0.01},
};

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos)
    return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::string join_units(dimension d) {
  std::string out;
  for (const auto &u : units_for(d)) {
    if (!out.empty())
      out += ", ";
    out += u;
  }
  return out;
}

} // namespace

const char *si_unit(dimension d) {
  switch (d) {
  case dimension::none: return "";
  case dimension::time: return "s";
  case dimension::data_rate: return "bit/s";
  case dimension::frequency: return "Hz";
  case dimension::energy: return "J";
  case dimension::energy_per_bit: return "J/bit";
  case dimension::power: return "W";
  case dimension::loss: return "dB";
  case dimension::loss_per_length: return "dB/m";
  case dimension::length: return "m";
  case dimension::size: return "B";
  case dimension::optical_power: return "dBm";
  case dimension::delay_per_length: return "s/m";
  case dimension::temperature: return "C";
  }
  return "";
}

const char *dimension_name(dimension d) {
  switch (d) {
  case dimension::none: return "number";
  case dimension::time: return "time";
  case dimension::data_rate: return "data rate";
  case dimension::frequency: return "frequency";
  case dimension::energy: return "energy";
  case dimension::energy_per_bit: return "energy per bit";
  case dimension::power: return "power";
  case dimension::loss: return "loss";
  case dimension::loss_per_length: return "loss per length";
  case dimension::length: return "length";
  case dimension::size: return "size";
  case dimension::optical_power: return "optical power";
  case dimension::delay_per_length: return "delay per length";
  case dimension::temperature: return "temperature";
  }
  return "?";
}

std::vector<std::string> units_for(dimension d) {
  std::vector<std::string> out;
  for (const auto &u : unit_table)
    if (u.dim == d)
      out.emplace_back(u.symbol);
  return out;
}

quantity parse_quantity(const std::string &raw, dimension expected) {
  const std::string text = trim(raw);
  if (text.empty())
    throw std::invalid_argument("empty value");
  const char *begin = text.c_str();
  char *end = nullptr;
  double number = std::strtod(begin, &end);
  if (end == begin)
    throw std::invalid_argument("'" + text + "' does not start with a number");
  if (!std::isfinite(number))
    throw std::invalid_argument("'" + text + "' is not a finite number");
  const std::string suffix = trim(std::string(end));
  if (suffix.empty()) {
    if (expected == dimension::none)
      return {number, dimension::none};
    throw std::invalid_argument("'" + text + "' has no unit; a " + dimension_name(expected) +
                                " needs one of: " + join_units(expected));
  }
  for (const auto &u : unit_table) {
    if (suffix == u.symbol) {
      if (u.dim != expected) {
        std::string want =
            expected == dimension::none
                ? std::string("a plain number")
                : std::string("a ") + dimension_name(expected) + " (" + join_units(expected) + ")";
        throw std::invalid_argument("'" + text + "' is a " + dimension_name(u.dim) +
                                    " but this parameter is " + want);
      }
      return {number * u.scale, u.dim};
    }
  }
  throw std::invalid_argument("unknown unit '" + suffix + "' in '" + text + "'" +
                              (expected == dimension::none
                                   ? std::string("; expected a plain number")
                                   : "; a " + std::string(dimension_name(expected)) +
                                         " takes one of: " + join_units(expected)));
}

std::string format_quantity(double v, dimension d) {
  struct prefix {
    double scale;
    const char *name;
  };
  auto pick = [&](std::initializer_list<prefix> ps) {
    std::ostringstream os;
    os.precision(4);
    for (const auto &p : ps) {
      if (std::fabs(v) >= p.scale * 0.9999 || &p == ps.end() - 1) {
        os << v / p.scale << " " << p.name;
        return os.str();
      }
    }
    return os.str();
  };
  switch (d) {
  case dimension::time:
    return pick({{1, "s"}, {1e-3, "ms"}, {1e-6, "us"}, {1e-9, "ns"}, {1e-12, "ps"}});
  case dimension::data_rate:
    return pick({{1e12, "Tb/s"}, {1e9, "Gb/s"}, {1e6, "Mb/s"}, {1, "b/s"}});
  case dimension::frequency: return pick({{1e9, "GHz"}, {1e6, "MHz"}, {1, "Hz"}});
  case dimension::energy_per_bit: return pick({{1e-12, "pJ/bit"}, {1e-15, "fJ/bit"}});
  case dimension::energy: return pick({{1, "J"}, {1e-3, "mJ"}, {1e-6, "uJ"}, {1e-9, "nJ"}});
  case dimension::power: return pick({{1e3, "kW"}, {1, "W"}, {1e-3, "mW"}});
  case dimension::length: return pick({{1e3, "km"}, {1, "m"}, {1e-3, "mm"}});
  case dimension::size: return pick({{1024.0 * 1024, "MiB"}, {1024, "KiB"}, {1, "B"}});
  default: {
    std::ostringstream os;
    os.precision(6);
    os << v;
    if (*si_unit(d))
      os << " " << si_unit(d);
    return os.str();
  }
  }
}

} // namespace fabricvp
