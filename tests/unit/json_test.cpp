// Unit tests of the json backend, on hand-built plans (tests/unit/plan_fixtures.h).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "backends/emitters.h"
#include "plan_fixtures.h"

namespace baton {
namespace {

using Json = nlohmann::ordered_json;

std::string json_text(const plan::Plan& plan) {
  std::vector<OutputFile> files;
  std::string err;
  REQUIRE(emit_json(plan, {}, files, &err));
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "plan.json");
  return files[0].content;
}

Json json_of(const plan::Plan& plan) {
  return Json::parse(json_text(plan));
}

std::vector<std::string> keys(const Json& object) {
  std::vector<std::string> out;
  for (auto it = object.begin(); it != object.end(); ++it) out.push_back(it.key());
  return out;
}

}  // namespace

TEST_CASE("json writes a small plan in the documented shape, keys in a fixed order", "[json]") {
  using S = plan::Segment::Kind;
  plan::Plan p;
  p.hosts.push_back(fixtures::host("web", "web", -1, "10.0.0.1"));
  p.hosts.back().port = 2222;
  p.hosts.back().attrs = {{"zone", "b"}, {"arch", "arm64"}};
  p.steps.push_back(fixtures::step("app", -1, "run", 0, 0));
  p.steps.back().commands.push_back(
      {{fixtures::shell("deploy --key "), fixtures::value(S::Secret, "api_key"),
        fixtures::shell(" --peer "), fixtures::value(S::Capture, "", 0)},
       {}});
  p.steps.back().commands.back().pieces.back().value.insert(
      p.steps.back().commands.back().pieces.back().value.begin(),
      plan::Segment{S::Text, "http://", 0});
  p.steps.back().captures = {0};
  p.steps.back().env = {{"KEY", {plan::Segment{S::Secret, "api_key", 0}}},
                        {"N", {plan::Segment{S::Text, "3", 0}}}};
  p.captures.push_back(plan::Capture{0, "app", "token", {{fixtures::shell("cat /etc/token")}, {}}});
  p.secrets = {"api_key"};
  p.levels = 1;
  CHECK(json_text(p) == R"({
  "version": 3,
  "levels": 1,
  "secrets": ["api_key"],
  "hosts": [
    {"name": "web", "group": "web", "member": null, "address": "10.0.0.1", "user": null, "port": 2222, "attrs": {"zone": "b", "arch": "arm64"}}
  ],
  "steps": [
    {
      "index": 0,
      "label": "app.run",
      "service": "app",
      "member": null,
      "instance": "app",
      "action": "run",
      "occurrence": null,
      "handler": false,
      "host": 0,
      "level": 0,
      "waits_for": [],
      "triggers": [],
      "env": [
        {"name": "KEY", "value": [{"kind": "secret", "name": "api_key"}]},
        {"name": "N", "value": [{"kind": "text", "text": "3"}]}
      ],
      "commands": [
        {"pieces": [{"kind": "shell", "text": "deploy --key "}, {"kind": "value", "quoting": "unquoted", "segments": [{"kind": "secret", "name": "api_key"}]}, {"kind": "shell", "text": " --peer "}, {"kind": "value", "quoting": "unquoted", "segments": [{"kind": "text", "text": "http://"}, {"kind": "capture", "capture": 0}]}]}
      ],
      "captures": [0],
      "undoes": null,
      "health": false
    }
  ],
  "captures": [
    {"index": 0, "step": 0, "instance": "app", "output": "token", "command": {"pieces": [{"kind": "shell", "text": "cat /etc/token"}]}}
  ],
  "splits": [],
  "deadlocks": [],
  "operation": null,
  "batches": [],
  "untouched": []
}
)");
}

TEST_CASE("json carries splits, events, replicated members and the order of waits", "[json]") {
  Json doc = json_of(fixtures::openstack());
  CHECK(keys(doc) == std::vector<std::string>{"version", "levels", "secrets", "hosts", "steps",
                                              "captures", "splits", "deadlocks", "operation",
                                              "batches", "untouched"});
  CHECK(doc["levels"] == 6);
  REQUIRE(doc["steps"].size() == 8);
  const Json& haproxy1 = doc["steps"][7];
  CHECK(haproxy1["label"] == "haproxy.run#1");
  CHECK(haproxy1["occurrence"] == 1);
  CHECK(haproxy1["waits_for"] ==
        Json::parse(R"([{"step":4,"kind":"sequence"},{"step":6,"kind":"data"}])"));
  const Json& reload = doc["steps"][5];
  CHECK(reload["handler"] == true);
  CHECK(reload["triggers"] == Json::parse(R"([{"step":0,"event":"changed"}])"));
  CHECK(doc["steps"][1]["member"] == 1);
  CHECK(doc["steps"][1]["instance"] == "galera[1]");
  CHECK(doc["hosts"][3]["name"] == "db[1]");
  CHECK(doc["hosts"][3]["group"] == "db");
  CHECK(doc["splits"] ==
        Json::parse(R"([{"action":"haproxy.run","cycle":["haproxy.run","glance.run"]}])"));
  // The secret is named where it is used, never given a value.
  CHECK(doc["steps"][3]["commands"][0]["pieces"][1]["segments"] ==
        Json::parse(R"([{"kind":"secret","name":"admin_token"}])"));
  CHECK(json_text(fixtures::openstack()) == json_text(fixtures::openstack()));
}

TEST_CASE("json carries an operation's batches and what a teardown step undoes", "[json]") {
  plan::Plan p = fixtures::openstack();
  p.operation = "restart";
  p.steps[1].undoes = "galera[1].join";
  p.steps[2].health = true;
  p.batches.push_back(plan::Batch{"galera", "db", 3, 2, {"galera[0]", "galera[1]"}, 0, 3});
  p.batches.push_back(plan::Batch{"haproxy", "lb", 1, -1, {"haproxy"}, 3, 8});
  p.untouched = {"keystone"};
  Json doc = json_of(p);
  CHECK(doc["version"] == 3);
  CHECK(doc["operation"] == "restart");
  CHECK(doc["batches"] == Json::parse(R"([
    {"service":"galera","group":"db","size":3,"min":2,"first":0,"end":3,
     "members":["galera[0]","galera[1]"]},
    {"service":"haproxy","group":"lb","size":1,"min":null,"first":3,"end":8,
     "members":["haproxy"]}])"));
  CHECK(doc["untouched"] == Json::parse(R"(["keystone"])"));
  CHECK(doc["steps"][1]["undoes"] == "galera[1].join");
  CHECK(doc["steps"][0]["undoes"] == nullptr);
  CHECK(doc["steps"][2]["health"] == true);
}

TEST_CASE("json lists the edges of each deadlock", "[json]") {
  Json doc = json_of(fixtures::deadlock());
  CHECK(doc["deadlocks"] == Json::parse(R"([[{"from":0,"to":1},{"from":1,"to":0}]])"));
}

TEST_CASE("json escapes control characters and replaces bytes that are not UTF-8", "[json]") {
  plan::Plan p = fixtures::hostile();
  p.hosts[0].address = std::string("q\"b\\ t\tn\nnul") + '\0' + "\x1f\x7f";
  p.hosts[0].user = "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";  // é € and an emoji: kept
  p.hosts[0].attrs = {{"bad", "a\xff b\xc0\xaf c\xed\xa0\x80 d\xe2\x82"}};
  std::string text = json_text(p);
  CHECK(text.find(R"("address": "q\"b\\ t\tn\nnul\u0000\u001f)"
                  "\x7f\"") != std::string::npos);
  CHECK(text.find("\"user\": \"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"") != std::string::npos);
  // One U+FFFD per byte: a stray byte, an overlong `/`, a surrogate, a truncated sequence.
  const std::string r = "\xef\xbf\xbd";
  CHECK(text.find("\"bad\": \"a" + r + " b" + r + r + " c" + r + r + r + " d" + r + r + "\"") !=
        std::string::npos);
  Json doc = json_of(p);
  CHECK(doc["hosts"][0]["address"] == std::string("q\"b\\ t\tn\nnul") + '\0' + "\x1f\x7f");
}

}  // namespace baton
