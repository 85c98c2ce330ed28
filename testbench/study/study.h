// A study file (`fabricvp_study: 1`): the platforms, the fixed overrides
// (`set:`), the axes (lists, {from,to,step} and {from,to,factor} ranges with
// units, `zip:` groups of paired axes), the repetitions and seed, the metrics
// (report paths) and the charts. load_study() reads and checks the file's own
// structure (unknown keys, empty axes, ranges, chart names); whether the
// override paths and metrics exist is checked per point (study_check.h).
// Leaves out: expressions between axes, conditional points, nested studies.
#pragma once

#include "core/errors.h"
#include "core/units.h"

#include <optional>
#include <string>
#include <vector>

namespace fabricvp {

// One value of an axis: the text given to --set, and its number in SI
// units (none for names such as a pattern or an algorithm).
struct axis_value {
  std::string text;
  std::optional<double> si;
};

struct study_axis {
  std::string path; // a --set path
  dimension dim = dimension::none;
  bool numeric = true;         // false: the values are names
  bool unitless_range = false; // a {from, to, ...} range written without units
  std::vector<axis_value> values;
  source_location where;
  std::size_t group = 0; // axes of one zip group advance together
};

struct study_metric {
  std::string path; // a report path (latency_ns.p99) or a named aggregate
  source_location where;
};

struct study_chart {
  std::string x, y, series; // axis, metric, axis ("" for one series)
  std::string title;
  source_location where;
};

struct study_setting {
  std::string path, value;
  source_location where;
};

struct study {
  std::string file, name, description;
  std::vector<std::string> platforms; // resolved against the study's folder
  std::vector<source_location> platform_where;
  std::vector<study_setting> set;
  std::vector<study_axis> axes;
  std::size_t groups = 0;
  int repeat = 1;
  std::optional<long> seed; // else the platform's simulation.seed
  std::vector<study_metric> metrics;
  std::vector<study_chart> charts;
  source_location where_of_repeat;

  const study_axis *axis(const std::string &path) const;
};

// Reads and checks a study file; throws input_error naming file, line, path.
study load_study(const std::string &file);

// The number and dimension of a value with its unit ("0.5m" -> 0.5, length;
// "0.3" -> 0.3, none); nothing when the text is not a number with a unit.
std::optional<quantity> quantity_of(const std::string &text);

// Shortest text that reads back as the same double ("0.25", "1e-09").
std::string number_text(double v);

} // namespace fabricvp
