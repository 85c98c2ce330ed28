#include "platforms/expression.h"

#include <cctype>
#include <limits>

namespace fabricvp {
namespace {

// Recursive descent over: expr := term (('+'|'-') term)*,
// term := factor (('*'|'/'|'%') factor)*, factor := number | name | '(' expr ')' | '-' factor.
class index_parser {
public:
  index_parser(const std::string &text, const index_bindings &vars) : s_(text), vars_(vars) {}
  long parse() {
    long v = expr();
    skip();
    if (pos_ != s_.size())
      fail("unexpected '" + s_.substr(pos_) + "'");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string &why) {
    throw std::invalid_argument("in index expression '" + s_ + "': " + why);
  }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
      ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  long expr() {
    long v = term();
    for (;;) {
      if (eat('+')) {
        if (__builtin_add_overflow(v, term(), &v))
          fail("value out of range");
      } else if (eat('-')) {
        if (__builtin_sub_overflow(v, term(), &v))
          fail("value out of range");
      } else {
        return v;
      }
    }
  }
  long term() {
    long v = factor();
    for (;;) {
      if (eat('*')) {
        if (__builtin_mul_overflow(v, factor(), &v))
          fail("value out of range");
      } else if (eat('/') || eat('%')) {
        const char op = s_[pos_ - 1];
        long d = factor();
        if (d == 0)
          fail("division by zero");
        if (d == -1 && v == std::numeric_limits<long>::min())
          fail("value out of range");
        v = op == '/' ? v / d : v % d;
      } else {
        return v;
      }
    }
  }
  long factor() {
    // Names are short; a bound on nesting keeps a hostile input from
    // exhausting the stack.
    struct depth_guard {
      int &d;
      explicit depth_guard(int &depth) : d(depth) { ++d; }
      ~depth_guard() { --d; }
    } guard(depth_);
    if (depth_ > 64)
      fail("nested too deeply");
    skip();
    if (eat('('))
      return paren_rest();
    if (eat('-')) {
      const long f = factor();
      if (f == std::numeric_limits<long>::min())
        fail("value out of range");
      return -f;
    }
    if (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) {
      long v = 0;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_])))
        if (__builtin_mul_overflow(v, 10L, &v) ||
            __builtin_add_overflow(v, static_cast<long>(s_[pos_++] - '0'), &v))
          fail("number out of range");
      return v;
    }
    std::string name;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_'))
      name += s_[pos_++];
    if (name.empty())
      fail("expected a number or a loop variable");
    auto it = vars_.find(name);
    if (it == vars_.end())
      fail("unknown loop variable '" + name + "'");
    return it->second;
  }
  long paren_rest() {
    long v = expr();
    if (!eat(')'))
      fail("missing ')'");
    return v;
  }
  const std::string &s_;
  const index_bindings &vars_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

} // namespace

long evaluate_index_expression(const std::string &expr, const index_bindings &vars) {
  return index_parser(expr, vars).parse();
}

std::string substitute_indices(const std::string &text, const index_bindings &vars) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t close = text.find('}', i);
      if (close == std::string::npos)
        throw std::invalid_argument("unclosed '{' in '" + text + "'");
      out += std::to_string(evaluate_index_expression(text.substr(i + 1, close - i - 1), vars));
      i = close + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

} // namespace fabricvp
