#include "testbench/cli/html_report.h"

#include "core/power.h"
#include "traces/output_marker.h"
#include "traces/report_json.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace fabricvp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char *style =
    R"(body{font-family:sans-serif;margin:1.5em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.6em}
p.subject{color:#555;margin-top:0}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
thead th{background:#f0f3f7}tbody tr:nth-child(even){background:#fafafa}
figure{margin:1em 0;page-break-inside:avoid}figure svg{width:100%;max-width:900px;height:auto;display:block;border:1px solid #eee}
figcaption{color:#555;font-size:.9em}.note{color:#a33}
footer{margin-top:2em;color:#777;font-size:.8em}
)";

std::string fixed(double v, int digits) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(digits) << v;
  return os.str();
}

// A table row by row: text cells and numbers (right-aligned), all escaped.
class table_writer {
public:
  table_writer(std::ostringstream &os, const std::string &id, const std::vector<std::string> &head)
      : os_(os) {
    os_ << "<table id=\"" << id << "\"><thead><tr>";
    for (const auto &h : head)
      os_ << "<th>" << html_escape(h) << "</th>";
    os_ << "</tr></thead><tbody>\n";
  }
  ~table_writer() { end(); }
  table_writer &row() {
    if (open_)
      os_ << "</tr>\n";
    os_ << "<tr>";
    open_ = true;
    return *this;
  }
  table_writer &text(const std::string &t) {
    os_ << "<td>" << html_escape(t) << "</td>";
    return *this;
  }
  table_writer &num(const std::string &t) {
    os_ << "<td class=\"n\">" << html_escape(t) << "</td>";
    return *this;
  }
  // Closes the last row and the table.
  void end() {
    if (open_)
      os_ << "</tr>\n";
    if (!closed_)
      os_ << "</tbody></table>\n";
    open_ = false;
    closed_ = true;
  }

private:
  std::ostringstream &os_;
  bool open_ = false, closed_ = false;
};

void page_head(std::ostringstream &os, const std::string &title) {
  os << "<!DOCTYPE html>\n"
     << marker_line(output_kind::html) << "\n"
     << "<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
     << "<title>" << html_escape(title) << "</title>\n<style>" << style
     << "</style></head>\n<body>\n";
}

void charts_section(std::ostringstream &os, const std::vector<chart> &charts,
                    const std::string &note) {
  os << "<section id=\"charts\"><h2>Charts</h2>\n";
  if (!note.empty())
    os << "<p class=\"note\">Charts not drawn: " << html_escape(note) << "</p>\n";
  for (std::size_t k = 0; k < charts.size(); ++k) {
    const chart &c = charts[k];
    if (c.svg.empty())
      continue;
    os << "<figure id=\"chart-" << html_escape(c.name) << "\">\n"
       << inline_svg(c.svg, "c" + std::to_string(k) + "-") << "\n<figcaption>"
       << html_escape(c.what) << " (" << html_escape(c.subject) << ")</figcaption></figure>\n";
  }
  os << "</section>\n";
}

void files_section(std::ostringstream &os, const std::vector<page_file> &files,
                   const std::string &page_path) {
  os << "<section id=\"files\"><h2>Files</h2><ul>\n";
  for (const page_file &f : files)
    os << "<li>" << html_escape(f.label) << ": <a href=\""
       << html_escape(link_from_page(f.path, page_path)) << "\">" << html_escape(f.path)
       << "</a></li>\n";
  os << "</ul></section>\n";
}

void page_end(std::ostringstream &os) {
  os << "<footer>Written by fabricvp. The charts' numbers are in each SVG's "
        "<code>fabricvp chart data</code> comment; the full results are in the files above."
        "</footer>\n</body></html>\n";
}

std::string percent(double fraction) { return fixed(fraction * 100.0, 1) + "%"; }

void summary_table(std::ostringstream &os, const run_result &r, const json &row) {
  table_writer t(os, "summary-table", {"", ""});
  const traffic_result &tr = r.traffic;
  auto line = [&](const std::string &k, const std::string &v) { t.row().text(k).text(v); };
  line("platform", r.platform_name);
  line("platform file", r.platform_file);
  line("workload", row.value("workload", std::string()));
  if (row["load"].is_number())
    line("offered load", number_cell(row["load"].get<double>()));
  line("seed", std::to_string(r.seed));
  line("simulated", fixed(r.sim_time_s() * 1e6, 3) + " us" +
                        (r.interrupted ? " (interrupted: the outputs stop there)" : ""));
  line("packets", "injected " + std::to_string(tr.injected) + ", delivered " +
                      std::to_string(tr.delivered) + ", dropped " + std::to_string(tr.dropped) +
                      ", in flight " + std::to_string(tr.in_flight));
  line("throughput", fixed(r.throughput_gbps(), 2) + " Gb/s delivered");
  line("latency", "mean " + fixed(r.latency.mean_ps / 1e3, 3) + " ns, p50 " +
                      fixed(r.latency.p50_ps / 1e3, 3) + " ns, p99 " +
                      fixed(r.latency.p99_ps / 1e3, 3) + " ns (" +
                      std::to_string(r.latency.samples) + " packets)");
  line("power",
       fixed(r.average_power_w(), 2) + " W average; " +
           (tr.bytes_delivered > 0 ? number_cell(r.pj_per_bit_delivered()) + " pJ/bit delivered"
                                   : std::string("nothing delivered")));
  line("links",
       std::to_string(r.links.size()) + " (" + std::to_string(2 * r.links.size()) + " port ends)");
  if (r.stability)
    line("stability", r.stability->stable()
                          ? std::string("stable")
                          : "UNSTABLE: " + std::to_string(r.stability->overloaded_count) +
                                " port direction(s) offered more than their capacity");
  line("scoreboard", std::to_string(r.scoreboard.violations) + " violation(s)");
  t.end();
}

void power_table(std::ostringstream &os, const run_result &r, const json &row) {
  os << "<section id=\"power\"><h2>Power by class</h2>\n";
  table_writer t(os, "power-table",
                 {"class", "W", "idle W", "traffic W", "W per port end", "pJ/bit delivered"});
  const double sim_s = r.sim_time_s();
  std::vector<std::string> classes;
  for (const std::string &c : power_class::all())
    if (r.energy_by_class.count(c))
      classes.push_back(c);
  for (const auto &[c, e] : r.energy_by_class)
    if (std::find(classes.begin(), classes.end(), c) == classes.end())
      classes.push_back(c);
  for (const std::string &c : classes) {
    const class_energy &e = r.energy_by_class.at(c);
    const json &per_port = row["w_per_port_end_by_class"].value(c, json(nullptr));
    const json &per_bit = row["pj_per_bit_by_class"].value(c, json(nullptr));
    t.row()
        .text(c)
        .num(number_cell(r.class_power_w(c)))
        .num(number_cell(sim_s > 0 ? e.static_j / sim_s : 0.0))
        .num(number_cell(sim_s > 0 ? (e.energy_j - e.static_j) / sim_s : 0.0))
        .num(per_port.is_number() ? number_cell(per_port.get<double>()) : "-")
        .num(per_bit.is_number() ? number_cell(per_bit.get<double>()) : "-");
  }
  t.row()
      .text("total")
      .num(number_cell(r.average_power_w()))
      .num("")
      .num("")
      .num("")
      .num(r.traffic.bytes_delivered > 0 ? number_cell(r.pj_per_bit_delivered()) : "-");
  t.end();
  os << "</section>\n";
}

void latency_table(std::ostringstream &os, const run_result &r) {
  os << "<section id=\"latency\"><h2>Latency by component</h2>\n";
  const latency_result &l = r.latency;
  table_writer t(os, "latency-table", {"", "ns"});
  t.row().text("mean").num(fixed(l.mean_ps / 1e3, 3));
  t.row().text("  serialization").num(fixed(l.mean_serialization_ps() / 1e3, 3));
  t.row().text("  fixed (pipelines, links)").num(fixed(l.mean_fixed_ps / 1e3, 3));
  t.row().text("  queueing").num(fixed(l.mean_queueing_ps / 1e3, 3));
  t.row().text("p50").num(fixed(l.p50_ps / 1e3, 3));
  t.row().text("p99").num(fixed(l.p99_ps / 1e3, 3));
  t.row().text("min").num(fixed(static_cast<double>(l.min_ps) / 1e3, 3));
  t.row().text("max").num(fixed(static_cast<double>(l.max_ps) / 1e3, 3));
  t.end();
  os << "</section>\n";
}

void links_table(std::ostringstream &os, const run_result &r) {
  os << "<section id=\"links\"><h2>Links, busiest first</h2>\n";
  const double sim_s = r.sim_time_s();
  std::vector<std::size_t> order(r.links.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return r.links[a].utilisation(sim_s) > r.links[b].utilisation(sim_s);
  });
  {
    table_writer t(
        os, "links-table",
        {"link", "kind", "network", "a", "b", "a to b", "b to a", "Gb/s", "margin dB", "status"});
    for (std::size_t i = 0; i < order.size() && i < links_listed; ++i) {
      const link_result &l = r.links[order[i]];
      t.row()
          .text(l.name)
          .text(l.kind)
          .text(l.network)
          .text(l.a)
          .text(l.b)
          .num(percent(l.utilisation_a_to_b(sim_s)))
          .num(percent(l.utilisation_b_to_a(sim_s)))
          .num(fixed(l.data_rate_bps / 1e9, 1))
          .num(fixed(round_to(l.margin_db, 1e-9), 2))
          .text(l.degraded ? "degraded" : "up");
    }
    t.end();
  }
  if (r.links.size() > links_listed)
    os << "<p>" << r.links.size() - links_listed
       << " more links are in the link table (CSV, below).</p>\n";
  os << "</section>\n";
}

void collective_table(std::ostringstream &os, const collective_result &c) {
  os << "<section id=\"collective\"><h2>Collective operations</h2>\n";
  table_writer t(os, "collective-table",
                 {"job", "operation", "kind", "algorithm", "ranks", "start us", "time us",
                  "busbw Gb/s", "energy mJ", "pJ/bit moved"});
  for (const operation_report &op : c.operations)
    t.row()
        .text(op.job)
        .text(op.name + (op.complete ? "" : " (incomplete)"))
        .text(op.kind)
        .text(op.algorithm)
        .num(std::to_string(op.ranks))
        .num(fixed(static_cast<double>(op.start_ps) * 1e-6, 3))
        .num(fixed(op.time_s() * 1e6, 3))
        .num(number_cell(op.busbw_gbps()))
        .num(number_cell(op.energy_j() * 1e3))
        .num(number_cell(op.pj_per_bit_moved()));
  t.end();
  os << "</section>\n";
}

// "/a/b/c" relative to "/a/d": "../b/c".
std::string relative_path(const std::string &path, const std::string &page_path) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
  const fs::path folder =
      fs::weakly_canonical(fs::absolute(fs::path(page_path), ec).parent_path(), ec);
  const fs::path rel = target.lexically_relative(folder);
  return rel.empty() ? target.string() : rel.string();
}

} // namespace

std::string html_escape(const std::string &text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text)
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  return out;
}

std::string link_from_page(const std::string &path, const std::string &page_path) {
  static const char hex[] = "0123456789ABCDEF";
  std::string href;
  for (unsigned char c : relative_path(path, page_path)) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/')
      href += static_cast<char>(c);
    else
      href += std::string("%") + hex[c >> 4] + hex[c & 15];
  }
  return href;
}

std::string inline_svg(const std::string &svg, const std::string &id_prefix) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos)
    return "";
  std::string out = svg.substr(start);
  for (const std::string token : {"id='", "id=\"", "href='#", "href=\"#", "url(#"}) {
    const std::string with = token + id_prefix;
    for (std::size_t p = out.find(token); p != std::string::npos;
         p = out.find(token, p + with.size()))
      out.replace(p, token.size(), with);
  }
  return out;
}

std::string run_page(const run_result &r, const json &row, const std::vector<chart> &charts,
                     const std::string &charts_note, const std::vector<page_file> &files,
                     const std::string &page_path) {
  std::ostringstream os;
  page_head(os, "fabricvp run: " + r.platform_name);
  os << "<h1>fabricvp run: " << html_escape(r.platform_name) << "</h1>\n<p class=\"subject\">"
     << html_escape(chart_subject({row})) << "</p>\n<section id=\"summary\"><h2>Summary</h2>\n";
  summary_table(os, r, row);
  os << "</section>\n";
  charts_section(os, charts, charts_note);
  power_table(os, r, row);
  latency_table(os, r);
  links_table(os, r);
  if (r.collective && !r.collective->operations.empty())
    collective_table(os, *r.collective);
  files_section(os, files, page_path);
  page_end(os);
  return os.str();
}

std::string compare_page(const std::vector<json> &rows, const std::vector<table_row> &table,
                         const std::vector<chart> &charts, const std::string &charts_note,
                         const std::vector<page_file> &files, const std::string &page_path) {
  std::ostringstream os;
  page_head(os, "fabricvp compare");
  os << "<h1>fabricvp compare</h1>\n<p class=\"subject\">" << html_escape(chart_subject(rows))
     << "</p>\n<section id=\"summary\"><h2>Platforms</h2>\n";
  {
    table_writer t(os, "platforms-table", {"platform", "file", "workload", "total W"});
    for (const json &r : rows)
      t.row()
          .text(r["platform"].get<std::string>())
          .text(r.value("file", std::string()))
          .text(r.value("workload", std::string()))
          .num(number_cell(r["total_w"].get<double>()));
    t.end();
  }
  os << "</section>\n";
  charts_section(os, charts, charts_note);
  os << "<section id=\"table\"><h2>Side by side</h2>\n";
  {
    std::vector<std::string> head = {"metric"};
    for (const json &r : rows)
      head.push_back(r["platform"].get<std::string>());
    table_writer t(os, "compare-table", head);
    for (const table_row &tr : table) {
      t.row().text(tr.label);
      for (const std::string &cell : tr.cells)
        t.num(cell);
    }
    t.end();
  }
  os << "</section>\n";
  files_section(os, files, page_path);
  page_end(os);
  return os.str();
}

} // namespace fabricvp
