// Hand-built scheduled plans and process helpers for the tests of the runnable backends.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analyses/plan/plan.h"

namespace baton::testing {

/// A command of author text and values, given as alternating pieces: even indexes are shell
/// text, odd indexes are values (Words).
inline plan::Command command(std::vector<plan::CommandPiece> pieces) {
  plan::Command c;
  c.pieces = std::move(pieces);
  return c;
}
inline plan::CommandPiece text(std::string s) {
  plan::CommandPiece p;
  p.shell = std::move(s);
  return p;
}
inline plan::CommandPiece value(plan::Word w) {
  plan::CommandPiece p;
  p.is_value = true;
  p.value = std::move(w);
  return p;
}
inline plan::Segment lit(std::string s) {
  plan::Segment seg;
  seg.text = std::move(s);
  return seg;
}
inline plan::Segment cap(uint32_t index) {
  plan::Segment seg;
  seg.kind = plan::Segment::Kind::Capture;
  seg.capture = index;
  return seg;
}
inline plan::Segment secret(std::string name) {
  plan::Segment seg;
  seg.kind = plan::Segment::Kind::Secret;
  seg.text = std::move(name);
  return seg;
}

/// A command that appends "<step>|<value>" to the file named by $BATON_TEST_LOG.
inline plan::Command log_value(plan::Word w) {
  return command({text("printf '%s|%s\\n' \"$BATON_STEP\" "), value(std::move(w)),
                  text(" >>\"$BATON_TEST_LOG\"")});
}

/// A command that appends "<step>|<label>" to the log, then exits with the status named by
/// $BATON_TEST_STATUS_<n> (0 when unset): how the tests make a step report ok or fail.
inline plan::Command log_step(int n) {
  std::string var = "BATON_TEST_STATUS_" + std::to_string(n);
  return command({text("printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit \"${" + var +
                       ":-0}\"")});
}

inline plan::Step step(std::string service, std::string instance, std::string action, uint32_t host,
                       uint32_t level) {
  plan::Step s;
  s.service = std::move(service);
  s.instance = std::move(instance);
  s.action = std::move(action);
  s.host = host;
  s.level = level;
  return s;
}

inline void wait_for(plan::Step& s, uint32_t on, plan::EdgeKind kind = plan::EdgeKind::Sequence) {
  plan::Dependency d;
  d.step = on;
  d.kind = kind;
  s.waits_for.push_back(d);
}

inline plan::Host host(std::string name, std::string address, std::string user = "", int port = 0) {
  plan::Host h;
  h.name = name;
  h.group = name.substr(0, name.find('['));
  h.address = std::move(address);
  h.user = std::move(user);
  h.port = port;
  return h;
}

/// The brief's example, scheduled by hand:
///   0 galera[0].bootstrap  L0 db[0]  (capture 0: galera[0].uuid)
///   1 galera[1].join       L1 db[1]  after 0
///   2 galera[2].join       L1 db[2]  after 0
///   3 keystone.run         L1 ctl    data 0; uses capture 0 and the secret admin_token
///   4 haproxy.run#0        L2 lb     data 3
///   5 keystone.reload      L2 ctl    handler: 0 changed
///   6 glance.run           L3 ctl    data 4, order 3
///   7 haproxy.run#1        L4 lb     data 6, sequence 4
/// Every step logs itself (log_step) and exits with $BATON_TEST_STATUS_<n>.
inline plan::Plan openstack_plan() {
  plan::Plan p;
  p.hosts = {host("lb", "10.0.0.10"), host("ctl", "10.0.0.2", "deploy"), host("db[0]", "10.0.1.10"),
             host("db[1]", "10.0.1.11", "", 2222), host("db[2]", "10.0.1.12")};
  for (int i = 2; i < 5; ++i) p.hosts[i].member = i - 2;
  p.secrets = {"admin_token"};
  p.steps.push_back(step("galera", "galera[0]", "bootstrap", 2, 0));
  p.steps.push_back(step("galera", "galera[1]", "join", 3, 1));
  p.steps.push_back(step("galera", "galera[2]", "join", 4, 1));
  p.steps.push_back(step("keystone", "keystone", "run", 1, 1));
  p.steps.push_back(step("haproxy", "haproxy", "run", 0, 2));
  p.steps.push_back(step("keystone", "keystone", "reload", 1, 2));
  p.steps.push_back(step("glance", "glance", "run", 1, 3));
  p.steps.push_back(step("haproxy", "haproxy", "run", 0, 4));
  p.steps[4].occurrence = 0;
  p.steps[7].occurrence = 1;
  p.steps[5].handler = true;
  wait_for(p.steps[1], 0, plan::EdgeKind::After);
  wait_for(p.steps[2], 0, plan::EdgeKind::After);
  wait_for(p.steps[3], 0, plan::EdgeKind::Data);
  wait_for(p.steps[4], 3, plan::EdgeKind::Data);
  wait_for(p.steps[5], 0, plan::EdgeKind::Event);
  wait_for(p.steps[5], 3, plan::EdgeKind::Sequence);
  wait_for(p.steps[6], 3, plan::EdgeKind::Order);
  wait_for(p.steps[6], 4, plan::EdgeKind::Data);
  wait_for(p.steps[7], 4, plan::EdgeKind::Sequence);
  wait_for(p.steps[7], 6, plan::EdgeKind::Data);
  plan::Trigger t;
  t.step = 0;
  t.event = plan::Event::Changed;
  p.steps[5].triggers.push_back(t);
  for (int i = 0; i < 8; ++i) p.steps[i].commands.push_back(log_step(i));
  // keystone.run: install-keystone --token ${token} --db ${db} --region ${region}
  p.steps[3].commands.push_back(log_value({secret("admin_token")}));
  p.steps[3].commands.push_back(log_value({lit("db="), cap(0), lit(";")}));
  p.steps[3].commands.push_back(log_value({lit("RegionOne")}));
  plan::Capture c;
  c.step = 0;
  c.instance = "galera[0]";
  c.output = "uuid";
  c.command = command({text("printf 'uuid-%s\\n' "), value({lit("10.0.1.10")})});
  p.captures.push_back(c);
  p.steps[0].captures.push_back(0);
  p.levels = 5;
  return p;
}

/// The values a hostile spec may hold: each must arrive as data, and running none of them may
/// leave a trace (the file named by $BATON_TEST_PWNED).
inline std::vector<std::string> hostile_values() {
  return {
      "it's \"quoted\"",
      "$(touch \"$BATON_TEST_PWNED\")",
      "`touch \"$BATON_TEST_PWNED\"`",
      "a; touch \"$BATON_TEST_PWNED\"; b",
      "line one\nline two\n$(touch \"$BATON_TEST_PWNED\")\n",
      "{{ lookup('pipe', 'touch ' + lookup('env', 'BATON_TEST_PWNED')) }}",
      "{% for x in [1] %}{{ lookup('pipe', 'id') }}{% endfor %}",
      "ends with blanks   \nand a tab\there  ",
      "' ; touch \"$BATON_TEST_PWNED\" ; '",
      "\\'\\\"\\\\ back\\slashes\\",
      "${BATON_TEST_PWNED} $HOME ${x:-default}",
      "control \x01\x7f\r and \xe2\x80\xa8 separators, bad \xff utf-8",
      "",
      "BATON\nBATON_1\n",
  };
}

/// The result of a command run through /bin/sh.
struct Run {
  int status = -1;
  std::string out;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

/// Runs `cmd` with /bin/sh; standard output and error together in Run::out.
inline Run run(const std::string& cmd) {
  Run r;
  std::string full = "(" + cmd + ") 2>&1";
  FILE* f = popen(full.c_str(), "r");
  if (!f) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  int st = pclose(f);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

/// A fresh temporary directory.
inline std::string temp_dir() {
  char tmpl[] = "/tmp/baton-test.XXXXXX";
  char* d = mkdtemp(tmpl);
  return d ? std::string(d) : std::string();
}

/// The lines of a file.
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace baton::testing
