// Named, typed, unit-carrying parameters of a component type (param_spec) and
// their values on one instance (param_set). Values are layered: built-in
// default < technology preset < platform file < --set on the CLI, and each
// value remembers where it came from and which published source backs it.
// Leaves out: expressions between parameters (each value is a literal).
#pragma once

#include "core/errors.h"
#include "core/units.h"

#include <limits>
#include <map>
#include <string>
#include <vector>

namespace fabricvp {

enum class param_kind { number, integer, choice, flag, name };

struct param_spec {
  std::string name;
  param_kind kind = param_kind::number;
  dimension dim = dimension::none;
  std::string default_text; // as a user would write it, e.g. "106.25Gbps"
  double min_si = -std::numeric_limits<double>::infinity();
  double max_si = std::numeric_limits<double>::infinity();
  std::vector<std::string> choices; // for param_kind::choice
  std::string description;          // one line
  std::string source;               // citation for the default, or "assumption: ..."
};

// Builders that keep registrations short and readable.
param_spec number_param(std::string name, dimension dim, std::string def, double min_si,
                        double max_si, std::string description, std::string source = "");
param_spec integer_param(std::string name, std::string def, long min, long max,
                         std::string description, std::string source = "");
param_spec choice_param(std::string name, std::string def, std::vector<std::string> choices,
                        std::string description, std::string source = "");
param_spec flag_param(std::string name, std::string def, std::string description);
// A free identifier (letters, digits, '_', '-'; may be empty when def is ""),
// e.g. the network a link belongs to.
param_spec name_param(std::string name, std::string def, std::string description);

struct param_value {
  std::string text;   // as written
  double si = 0.0;    // parsed value (numbers, integers, flags as 0/1)
  std::string origin; // "default", "preset NAME", "platform", "--set"
  source_location where;
  std::string source; // citation carried from the preset or spec
};

class param_set {
public:
  param_set() = default;
  param_set(const std::vector<param_spec> *specs, std::string instance_path);

  // Validates name, unit and range; throws input_error naming where and path.
  void set(const std::string &name, const std::string &text, const std::string &origin,
           const source_location &where, const std::string &source = "");

  bool has_spec(const std::string &name) const;
  double get(const std::string &name) const; // SI value
  long get_int(const std::string &name) const;
  bool get_flag(const std::string &name) const;
  const std::string &get_choice(const std::string &name) const;
  const std::string &get_name(const std::string &name) const; // name params: the text
  const param_value &value(const std::string &name) const;
  const std::map<std::string, param_value> &values() const { return values_; }
  const std::vector<param_spec> &specs() const { return *specs_; }
  const std::string &path() const { return path_; }

private:
  const param_spec &spec(const std::string &name) const;
  const std::vector<param_spec> *specs_ = nullptr;
  std::string path_;
  std::map<std::string, param_value> values_;
};

// Validates one text against one spec; returns the SI value or throws
// std::invalid_argument with a message (without location).
double parse_param_text(const param_spec &spec, const std::string &text);

} // namespace fabricvp
