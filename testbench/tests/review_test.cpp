// The design-review charts' data and the HTML page, from rows and results
// made up here (no simulation): each chart holds the numbers it was given,
// power classes that are zero everywhere are left out, nodes sort
// naturally, overlapping operations of one job get their own rows, the
// power log is read back as written, user strings are escaped, the PNG and
// page markers are recognised. testbench/tests/cli/review.sh checks the same
// charts on a closed-form run, html_chromium.sh the page in a browser.
#include "testbench/cli/html_report.h"
#include "testbench/cli/review_charts.h"
#include "traces/output_marker.h"

#include "test_support.h"

#include <fstream>

using namespace fabricvp;
using nlohmann::json;

namespace {

json row(const std::string &name, double serdes, double laser, std::optional<double> pj_serdes) {
  json r;
  r["platform"] = name;
  r["workload"] = "uniform_random";
  r["load"] = 0.5;
  r["power_w_by_class"] = {{"serdes", serdes}, {"retimer_dsp", 0.0},  {"optical_engine", 4.0},
                           {"laser", laser},   {"switch_core", 20.0}, {"accelerator_io", 1.0}};
  json per_port = json::object(), per_bit = json::object();
  for (const auto &[cls, w] : r["power_w_by_class"].items()) {
    per_port[cls] = w.get<double>() / 8.0; // 4 links, 8 port ends
    per_bit[cls] = pj_serdes ? json(w.get<double>() / serdes * *pj_serdes) : json(nullptr);
  }
  r["w_per_port_end_by_class"] = per_port;
  r["pj_per_bit_by_class"] = per_bit;
  r["latency_ns_by_component"] = {{"serialization", 82.32}, {"fixed", 185.0}, {"queueing", 0.0}};
  return r;
}

const chart &named(const std::vector<chart> &charts, const std::string &name) {
  for (const chart &c : charts)
    if (c.name == name)
      return c;
  throw std::runtime_error("no chart " + name);
}

bool has(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

} // namespace

TEST(review_charts, bars_carry_their_values_and_leave_out_empty_classes) {
  const std::vector<json> rows = {row("cu", 16.0, 0.0, 2.0), row("cpo", 8.0, 4.0, std::nullopt)};
  const std::vector<chart> charts = comparison_charts(rows);
  const chart &watts = named(charts, "port_watts");
  EXPECT_EQ(watts.subject, "cu, cpo: uniform_random, load 0.5");
  // serdes 16 W / 8 ends = 2 W at cu (x = 1), 8 W / 8 = 1 W at cpo; 6 kept
  // series minus retimer_dsp: 5 per group plus a gap, so cpo's bars start at x = 7.
  EXPECT_TRUE(has(watts.data, "# left out (no value or zero everywhere): retimer_dsp\n"));
  EXPECT_TRUE(has(watts.data, "\n1 2 \"2.00\" \"cu\" \"serdes\"\n")) << watts.data;
  EXPECT_TRUE(has(watts.data, "\n7 1 \"1.00\" \"cpo\" \"serdes\"\n")) << watts.data;
  // laser: zero at cu (no bar), 4 W / 8 = 0.5 W at cpo.
  EXPECT_FALSE(has(watts.data, "\"cu\" \"laser\""));
  EXPECT_TRUE(has(watts.data, " 0.5 \"0.5\" \"cpo\" \"laser\"\n")) << watts.data;
  EXPECT_FALSE(has(watts.plot, "'retimer_dsp'"));
  EXPECT_TRUE(has(watts.plot, "title 'laser'"));
  // Nothing delivered at cpo: its pJ/bit has no bars; cu's serdes is 2 pJ/bit.
  const chart &pj = named(charts, "pj_per_bit");
  EXPECT_FALSE(has(pj.data, "\"cpo\""));
  EXPECT_TRUE(has(pj.data, " 2 \"2.00\" \"cu\" \"serdes\"\n")) << pj.data;
  // Stacked system power: cu's total is 16 + 4 + 20 + 1 = 41 W.
  const chart &power = named(charts, "power_by_class");
  EXPECT_TRUE(has(power.data, "# total\n1 41 \"41.00\" \"cu\"\n2 37 \"37.00\" \"cpo\"\n"))
      << power.data;
  // Latency keeps a zero component (it is a measured zero), with its label.
  const chart &latency = named(charts, "latency");
  EXPECT_TRUE(has(latency.data, "\n1 82.32 \"82.32\" \"cu\" \"serialization\"\n"));
  EXPECT_TRUE(has(latency.data, "\n3 0 \"0.00\" \"cu\" \"queueing\"\n")) << latency.data;
}

TEST(review_charts, a_chart_without_values_says_so) {
  json r = row("idle", 16.0, 0.0, std::nullopt);
  r["latency_ns_by_component"] = nullptr;
  const std::vector<chart> charts = comparison_charts({r});
  EXPECT_TRUE(has(named(charts, "pj_per_bit").plot, "no traffic delivered"));
  EXPECT_TRUE(has(named(charts, "latency").plot, "no packet was delivered"));
}

TEST(review_charts, gnuplot_strings_cannot_end_early) {
  // A platform name with quotes and a line break: every gnuplot string
  // doubles its single quotes, every data column replaces its double ones.
  json r = row("a'b\"c\nd", 16.0, 0.0, 2.0);
  const chart c = named(comparison_charts({r}), "port_watts");
  EXPECT_TRUE(has(c.plot, "'a''b\"c d'")) << c.plot;
  EXPECT_TRUE(has(c.data, "\"a'b_c_d\"")) << c.data;
  EXPECT_TRUE(has(c.subject, "a'b\"c\nd"));
}

TEST(review_charts, heat_map_sorts_nodes_naturally_and_averages_parallel_links) {
  run_result r;
  r.platform_name = "p";
  r.end_ps = 1000000; // 1 us
  auto link = [](const std::string &a, const std::string &b, result_ps ab, result_ps ba) {
    link_result l;
    l.name = a + " <-> " + b;
    l.a = a;
    l.b = b;
    l.busy_a_to_b_ps = ab;
    l.busy_b_to_a_ps = ba;
    return l;
  };
  r.links = {link("acc10.port0", "sw0.port1", 500000, 0),
             link("acc2.port0", "sw0.port0", 200000, 0),
             link("acc2.port1", "sw0.port2", 400000, 100000)};
  const chart c = named(run_charts(r, row("p", 1, 0, 1), ""), "link_heatmap");
  // acc2 (0), acc10 (1), sw0 (2); acc2 -> sw0 over two links: (20% + 40%) / 2.
  EXPECT_TRUE(has(c.data, "\n0 2 30 \"30.00\" \"acc2\" \"sw0\" 2\n")) << c.data;
  EXPECT_TRUE(has(c.data, "\n1 2 50 \"50.00\" \"acc10\" \"sw0\" 1\n")) << c.data;
  EXPECT_TRUE(has(c.data, "\n2 0 5 \"5.00\" \"sw0\" \"acc2\" 2\n")) << c.data;
  EXPECT_TRUE(has(c.plot, "set xtics ('acc2' 0, 'acc10' 1, 'sw0' 2)"));
}

TEST(review_charts, overlapping_operations_of_a_job_get_their_own_rows) {
  run_result r;
  r.platform_name = "p";
  r.end_ps = 30000000;
  r.collective = collective_result{};
  auto op = [](const std::string &job, const std::string &name, result_ps s, result_ps e) {
    operation_report o;
    o.job = job;
    o.name = name;
    o.kind = name == "fwd" ? "compute" : "all_reduce";
    o.start_ps = s;
    o.end_ps = e;
    o.complete = true;
    return o;
  };
  // us: a.fwd 0-10, a.ar1 5-15 (overlaps: row 1), a.ar2 10-20 (row 0 is free again), b.fwd 0-10.
  r.collective->operations = {op("a", "fwd", 0, 10000000), op("a", "ar1", 5000000, 15000000),
                              op("a", "ar2", 10000000, 20000000), op("b", "fwd", 0, 10000000)};
  const chart c = named(run_charts(r, row("p", 1, 0, 1), ""), "collective_timeline");
  EXPECT_TRUE(has(c.data, "\n5 0 5 0.38 \"fwd\" 0 10 \"a\" \"compute\"\n")) << c.data;
  EXPECT_TRUE(has(c.data, "\n5 2 5 0.38 \"fwd\" 0 10 \"b\" \"compute\"\n")) << c.data;
  EXPECT_TRUE(has(c.data, "\n10 1 5 0.38 \"ar1\" 5 15 \"a\" \"all_reduce\"\n")) << c.data;
  EXPECT_TRUE(has(c.data, "\n15 0 5 0.38 \"ar2\" 10 20 \"a\" \"all_reduce\"\n")) << c.data;
  EXPECT_TRUE(has(c.plot, "set ytics ('a' 0.5, 'b' 2)")) << c.plot;
}

TEST(review_charts, power_log_is_read_back_by_class) {
  const std::string dir = test::temp_dir();
  const std::string log = test::write_file(dir, "p.power.csv",
                                           "# fabricvp power log\n"
                                           "t_start_s,t_end_s,level,name,power_w,energy_j\n"
                                           "0,1e-06,element,p.acc0.io,3,3e-06\n"
                                           "0,1e-06,class,switch_core,20,2e-05\n"
                                           "0,1e-06,class,serdes,10,1e-05\n"
                                           "0,1e-06,class,laser,0,0\n"
                                           "1e-06,1.5e-06,class,switch_core,22,1.1e-05\n"
                                           "1e-06,1.5e-06,class,serdes,12,6e-06\n"
                                           "1e-06,1.5e-06,class,laser,0,0\n"
                                           "0,1.5e-06,total_class,serdes,10.66,1.6e-05\n"
                                           "0,1.5e-06,total,all,,\n");
  const power_series p = read_power_log(log);
  ASSERT_EQ(p.start_s.size(), 2u);
  EXPECT_DOUBLE_EQ(p.end_s, 1.5e-6);
  ASSERT_EQ(p.watts.size(), 3u);
  EXPECT_EQ(p.watts[0].first, "serdes"); // the reports' order: serdes before laser, switch_core
  EXPECT_EQ(p.watts[0].second, (std::vector<double>{10, 12}));
  EXPECT_EQ(p.watts[2].first, "switch_core");
  EXPECT_EQ(p.watts[2].second, (std::vector<double>{20, 22}));
  run_result r;
  const chart c = named(run_charts(r, row("p", 1, 0, 1), log), "power_time");
  // Steps from each interval's start, the last value again at the end; the
  // laser (zero throughout) is left out; the total is serdes + switch_core.
  EXPECT_TRUE(has(c.data, "# serdes\n0 10\n1 12\n1.5 12\n\n\n# switch_core\n")) << c.data;
  EXPECT_TRUE(has(c.data, "# total\n0 30\n1 34\n1.5 34\n")) << c.data;
  EXPECT_FALSE(has(c.data, "# laser"));
}

TEST(review_page, user_strings_are_escaped) {
  EXPECT_EQ(html_escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  run_result r;
  r.platform_name = "<script>alert(1)</script>";
  r.platform_file = "/tmp/a&b.yaml";
  link_result l;
  l.name = "<i>l</i>";
  l.a = "x.port0";
  l.b = "y.port0";
  r.links = {l};
  json rw = row(r.platform_name, 1, 0, 1);
  const std::string page = run_page(r, rw, {}, "gnuplot not on PATH",
                                    {{"report", "/tmp/out dir/<r>.json"}}, "/tmp/page.html");
  EXPECT_FALSE(has(page, "<script")) << page;
  EXPECT_FALSE(has(page, "<i>"));
  EXPECT_TRUE(has(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(has(page, "/tmp/a&amp;b.yaml"));
  EXPECT_TRUE(has(page, "href=\"out%20dir/%3Cr%3E.json\"")) << page;
  EXPECT_TRUE(has(page, "Charts not drawn: gnuplot not on PATH"));
  EXPECT_EQ(page.rfind("<!DOCTYPE html>\n<!-- fabricvp report page -->\n", 0), 0u);
}

TEST(review_page, links_are_relative_to_the_page) {
  EXPECT_EQ(link_from_page("/a/b/c.csv", "/a/d/page.html"), "../b/c.csv");
  EXPECT_EQ(link_from_page("/a/d/c.csv", "/a/d/page.html"), "c.csv");
  EXPECT_EQ(link_from_page("/a/d/c#1?.csv", "/a/d/page.html"), "c%231%3F.csv");
}

TEST(review_page, inline_charts_do_not_share_ids) {
  const std::string svg = "<?xml version=\"1.0\"?>\n<svg viewBox='0 0 9 5'>\n<defs><path "
                          "id='gpPt0'/></defs><use xlink:href='#gpPt0'/><g id=\"gnuplot_canvas\" "
                          "clip-path='url(#gpclip1)'/></svg>\n";
  const std::string in = inline_svg(svg, "c3-");
  EXPECT_EQ(in, "<svg viewBox='0 0 9 5'>\n<defs><path id='c3-gpPt0'/></defs><use "
                "xlink:href='#c3-gpPt0'/><g id=\"c3-gnuplot_canvas\" "
                "clip-path='url(#c3-gpclip1)'/></svg>\n");
}

TEST(review_markers, chart_png_and_page_are_recognised) {
  const std::string dir = test::temp_dir();
  // A PNG's signature and IHDR chunk, then IEND (content does not matter here).
  const std::string ihdr = std::string("\0\0\0\x0dIHDR", 8) + std::string(13, '\1') + "crc!";
  const std::string png =
      std::string("\x89PNG\r\n\x1a\n", 8) + ihdr + std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  const std::string marked = marked_png(png);
  // tEXt "Comment" NUL "fabricvp chart", its CRC-32 0x0014dece (zlib.crc32).
  const std::string chunk =
      std::string("\0\0\0\x16tEXtComment\0fabricvp chart\x00\x14\xde\xce", 34);
  EXPECT_EQ(marked, png.substr(0, 33) + chunk + png.substr(33));
  std::ofstream(dir + "/a.png", std::ios::binary) << marked;
  std::ofstream(dir + "/b.png", std::ios::binary) << png;
  EXPECT_TRUE(written_by_fabricvp(dir + "/a.png", output_kind::chart_png));
  EXPECT_FALSE(written_by_fabricvp(dir + "/b.png", output_kind::chart_png));
  EXPECT_EQ(marked_png("not a png"), "not a png");
  std::ofstream(dir + "/p.html") << "<!DOCTYPE html>\n<!-- fabricvp report page -->\n<html>";
  std::ofstream(dir + "/q.html") << "<!DOCTYPE html>\n<html><!-- fabricvp report page -->";
  EXPECT_TRUE(written_by_fabricvp(dir + "/p.html", output_kind::html));
  EXPECT_FALSE(written_by_fabricvp(dir + "/q.html", output_kind::html));
  chart c{"latency", "w", "s", "# a -- b\n1 2\n", "", "<?xml version=\"1.0\"?>\n<svg/>\n", ""};
  std::ofstream(dir + "/c.svg") << marked_chart_svg(c);
  EXPECT_EQ(marked_chart_svg(c), "<?xml version=\"1.0\"?>\n<!-- fabricvp chart -->\n"
                                 "<!-- fabricvp chart data latency\n# a - - b\n1 2\n-->\n<svg/>\n");
  EXPECT_TRUE(written_by_fabricvp(dir + "/c.svg", output_kind::chart));
}
