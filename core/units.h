// Physical quantities with units, as written in platform files and on the CLI
// ("224Gbps", "5.5pJ/bit", "3dB", "0.5m", "600ns", "15W", "1.2dB/in").
// A quantity is a number in SI base units plus its dimension; parsing checks
// that the unit written matches the dimension the parameter expects.
// Leaves out: unit arithmetic beyond scaling (no derived-unit algebra).
#pragma once

#include <string>
#include <vector>

namespace fabricvp {

enum class dimension {
  none,             // plain number (counts, ratios, fractions)
  time,             // s
  data_rate,        // bit/s
  frequency,        // Hz
  energy,           // J
  energy_per_bit,   // J/bit
  power,            // W
  loss,             // dB (positive = attenuation)
  loss_per_length,  // dB/m
  length,           // m
  size,             // bytes
  optical_power,    // dBm
  delay_per_length, // s/m
  temperature,      // degrees C
};

// Canonical unit printed for a dimension ("s", "bit/s", "W", ...).
const char *si_unit(dimension d);
const char *dimension_name(dimension d);

struct quantity {
  double value_si = 0.0;
  dimension dim = dimension::none;
};

// Parses "<number><unit>" (white space allowed between). Throws
// std::invalid_argument with a message that lists accepted units when the
// unit is missing, unknown or of another dimension than `expected`.
// For dimension::none a bare number (or a percentage "70%") is accepted.
quantity parse_quantity(const std::string &text, dimension expected);

// Units accepted for a dimension, for help texts and error messages.
std::vector<std::string> units_for(dimension d);

// Human-readable form with a well-chosen prefix ("224 Gb/s", "600 ns").
std::string format_quantity(double value_si, dimension d);

} // namespace fabricvp
