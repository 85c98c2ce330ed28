#include "core/params.h"

#include <cctype>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace fabricvp {

param_spec number_param(std::string name, dimension dim, std::string def, double min_si,
                        double max_si, std::string description, std::string source) {
  param_spec s;
  s.name = std::move(name);
  s.kind = param_kind::number;
  s.dim = dim;
  s.default_text = std::move(def);
  s.min_si = min_si;
  s.max_si = max_si;
  s.description = std::move(description);
  s.source = std::move(source);
  return s;
}

param_spec integer_param(std::string name, std::string def, long min, long max,
                         std::string description, std::string source) {
  param_spec s;
  s.name = std::move(name);
  s.kind = param_kind::integer;
  s.default_text = std::move(def);
  s.min_si = static_cast<double>(min);
  s.max_si = static_cast<double>(max);
  s.description = std::move(description);
  s.source = std::move(source);
  return s;
}

param_spec choice_param(std::string name, std::string def, std::vector<std::string> choices,
                        std::string description, std::string source) {
  param_spec s;
  s.name = std::move(name);
  s.kind = param_kind::choice;
  s.default_text = std::move(def);
  s.choices = std::move(choices);
  s.description = std::move(description);
  s.source = std::move(source);
  return s;
}

param_spec flag_param(std::string name, std::string def, std::string description) {
  param_spec s;
  s.name = std::move(name);
  s.kind = param_kind::flag;
  s.default_text = std::move(def);
  s.description = std::move(description);
  return s;
}

param_spec name_param(std::string name, std::string def, std::string description) {
  param_spec s;
  s.name = std::move(name);
  s.kind = param_kind::name;
  s.default_text = std::move(def);
  s.description = std::move(description);
  return s;
}

double parse_param_text(const param_spec &spec, const std::string &text) {
  switch (spec.kind) {
  case param_kind::name:
    for (char c : text)
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
        throw std::invalid_argument("'" + text +
                                    "' is not a name (letters, digits, '_' and '-' only)");
    return 0.0;
  case param_kind::flag:
    if (text == "true" || text == "yes" || text == "on" || text == "1")
      return 1.0;
    if (text == "false" || text == "no" || text == "off" || text == "0")
      return 0.0;
    throw std::invalid_argument("'" + text + "' is not true or false");
  case param_kind::choice: {
    for (size_t i = 0; i < spec.choices.size(); ++i)
      if (spec.choices[i] == text)
        return static_cast<double>(i);
    std::string all;
    for (const auto &c : spec.choices)
      all += (all.empty() ? "" : ", ") + c;
    throw std::invalid_argument("'" + text + "' is not one of: " + all);
  }
  case param_kind::integer: {
    size_t used = 0;
    long v = 0;
    try {
      v = std::stol(text, &used);
    } catch (const std::exception &) {
      throw std::invalid_argument("'" + text + "' is not a whole number");
    }
    if (used != text.size())
      throw std::invalid_argument("'" + text + "' is not a whole number");
    if (v < spec.min_si || v > spec.max_si) {
      std::ostringstream os;
      os << "value " << v << " is out of range [" << static_cast<long>(spec.min_si) << ", "
         << static_cast<long>(spec.max_si) << "]";
      throw std::invalid_argument(os.str());
    }
    return static_cast<double>(v);
  }
  case param_kind::number: {
    quantity q = parse_quantity(text, spec.dim);
    if (q.value_si < spec.min_si || q.value_si > spec.max_si) {
      std::ostringstream os;
      os << "value " << text << " is out of range [";
      os << (std::isinf(spec.min_si) ? std::string("-inf") : format_quantity(spec.min_si, spec.dim))
         << ", "
         << (std::isinf(spec.max_si) ? std::string("inf") : format_quantity(spec.max_si, spec.dim))
         << "]";
      throw std::invalid_argument(os.str());
    }
    return q.value_si;
  }
  }
  return 0.0;
}

param_set::param_set(const std::vector<param_spec> *specs, std::string instance_path)
    : specs_(specs), path_(std::move(instance_path)) {
  for (const auto &s : *specs_) {
    param_value v;
    v.text = s.default_text;
    v.si = parse_param_text(s, s.default_text); // a bad default is a programming error
    v.origin = "default";
    v.source = s.source;
    values_[s.name] = v;
  }
}

bool param_set::has_spec(const std::string &name) const {
  for (const auto &s : *specs_)
    if (s.name == name)
      return true;
  return false;
}

const param_spec &param_set::spec(const std::string &name) const {
  for (const auto &s : *specs_)
    if (s.name == name)
      return s;
  throw std::logic_error("no parameter '" + name + "' on " + path_);
}

void param_set::set(const std::string &name, const std::string &text, const std::string &origin,
                    const source_location &where, const std::string &source) {
  const std::string full = path_.empty() ? name : path_ + "." + name;
  if (!has_spec(name)) {
    std::string known;
    for (const auto &s : *specs_)
      known += (known.empty() ? "" : ", ") + s.name;
    throw input_error(where, full, "unknown parameter '" + name + "'; known: " + known);
  }
  const param_spec &s = spec(name);
  param_value v;
  try {
    v.si = parse_param_text(s, text);
  } catch (const std::invalid_argument &e) {
    throw input_error(where, full, e.what());
  }
  v.text = text;
  v.origin = origin;
  v.where = where;
  v.source = source.empty() ? (origin == "default" ? s.source : "") : source;
  values_[name] = v;
}

const param_value &param_set::value(const std::string &name) const {
  auto it = values_.find(name);
  if (it == values_.end())
    throw std::logic_error("no parameter '" + name + "' on " + path_);
  return it->second;
}

double param_set::get(const std::string &name) const { return value(name).si; }
long param_set::get_int(const std::string &name) const {
  return static_cast<long>(std::llround(value(name).si));
}
bool param_set::get_flag(const std::string &name) const { return value(name).si != 0.0; }
const std::string &param_set::get_name(const std::string &name) const { return value(name).text; }
const std::string &param_set::get_choice(const std::string &name) const {
  return spec(name).choices.at(static_cast<size_t>(value(name).si));
}

} // namespace fabricvp
