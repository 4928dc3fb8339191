// Hand-built scheduled plans for the backend unit tests: each backend is tested on the plan
// alone, independent of the analyses that normally produce it.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyses/plan/plan.h"

namespace baton::fixtures {

inline plan::CommandPiece shell(std::string text) {
  plan::CommandPiece p;
  p.shell = std::move(text);
  return p;
}

inline plan::CommandPiece value(plan::Segment::Kind kind, std::string text, uint32_t capture = 0) {
  plan::CommandPiece p;
  p.is_value = true;
  p.value.push_back(plan::Segment{kind, std::move(text), capture});
  return p;
}

inline plan::Host host(std::string name, std::string group, int member, std::string address) {
  plan::Host h;
  h.name = std::move(name);
  h.group = std::move(group);
  h.member = member;
  h.address = std::move(address);
  return h;
}

inline plan::Step step(std::string service, int member, std::string action, uint32_t host,
                       uint32_t level, std::vector<plan::Dependency> waits_for = {}) {
  plan::Step s;
  s.service = service;
  s.member = member;
  s.instance = member < 0 ? service : service + "[" + std::to_string(member) + "]";
  s.action = std::move(action);
  s.host = host;
  s.level = level;
  s.waits_for = std::move(waits_for);
  return s;
}

inline plan::Dependency dep(uint32_t step, plan::EdgeKind kind) {
  plan::Dependency d;
  d.step = step;
  d.kind = kind;
  return d;
}

/// The brief's example, scheduled: a Galera cluster of three, keystone, the keystone /
/// haproxy / glance cycle split at haproxy.run, and keystone.reload on galera[0].bootstrap.
inline plan::Plan openstack() {
  using K = plan::EdgeKind;
  using S = plan::Segment::Kind;
  plan::Plan p;
  p.hosts.push_back(host("lb", "lb", -1, "10.0.0.10"));
  p.hosts.push_back(host("ctl", "ctl", -1, "10.0.0.2"));
  p.hosts.back().user = "deploy";
  for (int i = 0; i < 3; ++i)
    p.hosts.push_back(
        host("db[" + std::to_string(i) + "]", "db", i, "10.0.1.1" + std::to_string(i)));

  p.steps.push_back(step("galera", 0, "bootstrap", 2, 0));
  p.steps.back().commands.push_back(
      {{shell("galera_new_cluster --nodes "), value(S::Text, "10.0.1.10,10.0.1.11,10.0.1.12")},
       {}});
  p.steps.back().captures = {0};
  for (int i = 1; i < 3; ++i) {
    p.steps.push_back(step("galera", i, "join", 2 + i, 1, {dep(0, K::After)}));
    p.steps.back().commands.push_back(
        {{shell("mariadb-join "), value(S::Text, "10.0.1.1" + std::to_string(i)), shell(" "),
          value(S::Text, "10.0.1.10")},
         {}});
  }
  p.steps.push_back(step("keystone", -1, "run", 1, 2, {dep(0, K::Data)}));
  p.steps.back().commands.push_back(
      {{shell("install-keystone --token "), value(S::Secret, "admin_token"), shell(" --db "),
        value(S::Capture, "", 0), shell(" --region "), value(S::Text, "RegionOne")},
       {}});
  p.steps.push_back(step("haproxy", -1, "run", 0, 3, {dep(3, K::Data)}));
  p.steps.back().occurrence = 0;
  p.steps.back().commands.push_back(
      {{shell("configure-haproxy "), value(S::Text, "http://10.0.0.2:5000 http://10.0.0.2:9292")},
       {}});
  p.steps.push_back(step("keystone", -1, "reload", 1, 3, {dep(0, K::Event), dep(3, K::Sequence)}));
  p.steps.back().handler = true;
  p.steps.back().triggers.push_back(plan::Trigger{0, plan::Event::Changed, {}});
  p.steps.back().commands.push_back({{shell("systemctl reload keystone")}, {}});
  p.steps.push_back(step("glance", -1, "run", 1, 4, {dep(3, K::Order), dep(4, K::Data)}));
  p.steps.back().commands.push_back(
      {{shell("install-glance --auth "), value(S::Text, "http://10.0.0.10:5000")}, {}});
  p.steps.push_back(step("haproxy", -1, "run", 0, 5, {dep(4, K::Sequence), dep(6, K::Data)}));
  p.steps.back().occurrence = 1;
  p.steps.back().commands = p.steps[4].commands;

  plan::Capture c;
  c.step = 0;
  c.instance = "galera[0]";
  c.output = "uuid";
  c.command.pieces.push_back(shell("galera-uuid"));
  p.captures.push_back(c);
  p.secrets = {"admin_token"};
  p.splits.push_back(plan::Split{"haproxy.run", {"haproxy.run", "glance.run"}});
  p.levels = 6;
  return p;
}

/// Two services that need each other's output, with no repeatable action: a deadlock, as
/// build_plan returns it for diagrams.
inline plan::Plan deadlock() {
  using K = plan::EdgeKind;
  plan::Plan p;
  p.hosts.push_back(host("a", "a", -1, "a"));
  p.hosts.push_back(host("b", "b", -1, "10.0.0.2"));
  p.steps.push_back(step("api", -1, "run", 0, 0, {dep(1, K::Data)}));
  p.steps.push_back(step("db", -1, "run", 1, 0, {dep(0, K::Data)}));
  p.steps.push_back(step("web", -1, "run", 0, 0, {dep(0, K::Data)}));
  p.deadlocks.push_back({{0, 1}, {1, 0}});
  return p;
}

/// Names and values that break naive escaping in every target language.
inline plan::Plan hostile() {
  using K = plan::EdgeKind;
  plan::Plan p;
  p.hosts.push_back(host("end", "end", -1, "x\" -> evil [label=\"pwn\\\\\n<b>&amp;#35;`%%;|"));
  p.hosts.back().user = "o";
  p.steps.push_back(step("end", -1, "o", 0, 0));
  p.steps.push_back(step("x", -1, "end", 0, 1, {dep(0, K::Data)}));
  p.steps.push_back(step("o", -1, "x", 0, 2, {dep(1, K::Order)}));
  p.levels = 3;
  return p;
}

}  // namespace baton::fixtures
