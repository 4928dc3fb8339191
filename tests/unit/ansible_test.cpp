// Tests of the ansible backend: the inventory and playbook, run by ansible-playbook with the
// local connection, checked by --syntax-check and ansible-lint.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "backend_plans.h"
#include "backends/ansible_yaml.h"
#include "backends/emitters.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"

namespace baton {
namespace {

using namespace baton::testing;

std::vector<OutputFile> emit(const plan::Plan& p) {
  std::vector<OutputFile> files;
  std::string err;
  REQUIRE(emit_ansible(p, BackendOptions{}, files, &err));
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == "inventory.yml");
  CHECK(files[1].path == "site.yml");
  return files;
}

bool have(const char* tool) {
  return run(std::string("command -v ") + tool + " >/dev/null").status == 0;
}

/// A directory holding the inventory and the playbook.
struct Project {
  std::string dir = temp_dir();
  std::string log = dir + "/log";
  std::string pwned = dir + "/pwned";
  std::vector<OutputFile> files;

  explicit Project(const plan::Plan& p) : files(emit(p)) {
    for (const OutputFile& f : files) write_file(dir + "/" + f.path, f.content);
  }
  ~Project() { run("rm -rf '" + dir + "'"); }

  /// Runs the playbook on this machine; `env` holds extra assignments (already quoted).
  Run play(const std::string& env = "") {
    return run("cd '" + dir + "' && env ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP='" + dir +
               "/.tmp' BATON_TEST_LOG='" + log + "' BATON_TEST_PWNED='" + pwned + "' " + env +
               " ansible-playbook -i inventory.yml site.yml -e ansible_connection=local"
               " -e ansible_python_interpreter=/usr/bin/python3; echo \"exit $?\"");
  }
  std::string log_text() const { return read_file(log); }
};

/// Checks that every wait of the plan holds in a log of "<label>|..." lines.
void check_order(const plan::Plan& p, const std::string& log_text) {
  std::vector<std::string> log = lines(log_text);
  auto first = [&](const std::string& label) {
    for (std::size_t i = 0; i < log.size(); ++i)
      if (log[i].rfind(label + "|", 0) == 0) return static_cast<long>(i);
    return -1L;
  };
  auto last = [&](const std::string& label) {
    long at = -1;
    for (std::size_t i = 0; i < log.size(); ++i)
      if (log[i].rfind(label + "|", 0) == 0) at = static_cast<long>(i);
    return at;
  };
  for (const plan::Step& s : p.steps) {
    if (first(s.label()) < 0) continue;
    for (const plan::Dependency& d : s.waits_for) {
      CAPTURE(s.label(), p.steps[d.step].label());
      CHECK(last(p.steps[d.step].label()) >= 0);
      CHECK(last(p.steps[d.step].label()) < first(s.label()));
    }
  }
}

TEST_CASE("ansible: the inventory maps hosts, and protects their values", "[ansible]") {
  plan::Plan p = openstack_plan();
  p.hosts[0].address = "{{ lookup('pipe', 'id') }}";
  CHECK(emit(p)[0].content ==
        "---\n"
        "# The hosts of a plan compiled by baton. Generated: edit the spec and compile again.\n"
        "all:\n"
        "  vars:\n"
        "    baton_secret_admin_token: \"{{ lookup('ansible.builtin.env', "
        "'BATON_SECRET_ADMIN_TOKEN') }}\"\n"
        "  hosts:\n"
        "    lb:\n"
        "      ansible_host: !unsafe \"{{ lookup('pipe', 'id') }}\"\n"
        "      baton_host: \"lb\"\n"
        "    ctl:\n"
        "      ansible_host: !unsafe \"10.0.0.2\"\n"
        "      ansible_user: !unsafe \"deploy\"\n"
        "      baton_host: \"ctl\"\n"
        "    db-0:\n"
        "      ansible_host: !unsafe \"10.0.1.10\"\n"
        "      baton_host: \"db[0]\"\n"
        "    db-1:\n"
        "      ansible_host: !unsafe \"10.0.1.11\"\n"
        "      ansible_port: 2222\n"
        "      baton_host: \"db[1]\"\n"
        "    db-2:\n"
        "      ansible_host: !unsafe \"10.0.1.12\"\n"
        "      baton_host: \"db[2]\"\n"
        "  children:\n"
        "    db:\n"
        "      hosts:\n"
        "        db-0: {}\n"
        "        db-1: {}\n"
        "        db-2: {}\n");
}

TEST_CASE("ansible: a step task runs the shell backend's program", "[ansible]") {
  plan::Plan p = openstack_plan();
  YAML::Node book = YAML::Load(emit(p)[1].content);
  // The secrets check, then one play per level.
  REQUIRE(book.size() == 1 + p.levels);
  CHECK(book[0]["name"].as<std::string>() == "Check the secrets");
  YAML::Node task = book[2]["tasks"][2];  // level 1: galera[1].join, galera[2].join, keystone.run
  CHECK(task["name"].as<std::string>() == "Run keystone.run on ctl");
  // The program reaches `sh -s` on its standard input, as in the shell backend.
  CHECK(task["ansible.builtin.command"].size() == 2);
  CHECK(task["ansible.builtin.command"]["cmd"].as<std::string>() == "/bin/sh -s");
  CHECK(task["ansible.builtin.command"]["stdin"].Tag() == "!unsafe");
  shell::ProgramStyle style;
  style.block_safe = true;
  style.fold_width = 120;
  CHECK(task["ansible.builtin.command"]["stdin"].as<std::string>() ==
        shell::step_program(p.steps[3], style));
  CHECK(task["environment"]["BATON_CAP_0"].as<std::string>() ==
        "{{ hostvars['db-0']['baton_capture_0']['stdout'][:-1] }}");
  CHECK(task["environment"]["BATON_SECRET_ADMIN_TOKEN"].as<std::string>() ==
        "{{ baton_secret_admin_token }}");
  CHECK(task["no_log"].as<bool>());
  CHECK(task["changed_when"].as<std::string>() == "baton_step_3.rc == 0");
  CHECK(task["failed_when"].as<std::string>() == "baton_step_3.rc not in [0, 99]");
  YAML::Node handler = book[3]["tasks"][1];
  CHECK(handler["name"].as<std::string>() == "Run handler keystone.reload on ctl");
  CHECK(handler["when"][2].as<std::string>() == "hostvars['db-0']['baton_step_0'] is changed");
}

TEST_CASE("ansible yaml: scalars read back exactly", "[ansible][yaml]") {
  std::vector<std::string> values = hostile_values();
  // Bytes that are not UTF-8 have no YAML form (the backend refuses them).
  values.erase(std::remove_if(values.begin(), values.end(),
                              [](const std::string& v) { return !shell::valid_utf8(v); }),
               values.end());
  REQUIRE(values.size() == hostile_values().size() - 1);
  values.insert(
      values.end(),
      {"yes", "No", "on", "null", "~", "0x1f", "1e3", "- item", "a: b", "#x", " lead", "trail ",
       "tab\there", "\xc2\x85 nel \xef\xbb\xbf bom \xe2\x80\xa9", "caf\xc3\xa9 \xf0\x9f\x8e\xbc"});
  for (const std::string& v : values) {
    CAPTURE(v);
    CHECK(YAML::Load("k: " + yaml::double_quoted(v))["k"].as<std::string>() == v);
    CHECK(YAML::Load("k: " + yaml::scalar(v))["k"].as<std::string>() == v);
  }
  for (const char* w :
       {"yes", "No", "ON", "off", "true", "False", "null", "y", "N", "1", "-x", "a: b", "a #b", ""})
    CHECK_FALSE(yaml::plain_safe(w));
  for (const char* w :
       {"Run haproxy.run#0 on lb", "inventory_hostname == 'db-0'",
        "hostvars['db-0']['baton_step_0'] is changed", "baton_step_3.rc not in [0, 99]"})
    CHECK(yaml::plain_safe(w));
  std::string text = "first\n  indented\n\nafter an empty line";
  CHECK(yaml::literal_block(text, 4) ==
        "|\n    first\n      indented\n\n    after an empty line\n");
  CHECK(YAML::Load("k: " + yaml::literal_block(text, 2))["k"].as<std::string>() == text + "\n");
}

TEST_CASE("ansible: the output is the same for the same plan", "[ansible]") {
  std::vector<OutputFile> a = emit(openstack_plan()), b = emit(openstack_plan());
  CHECK(a[0].content == b[0].content);
  CHECK(a[1].content == b[1].content);
}

TEST_CASE("ansible: text that is not UTF-8 cannot be written", "[ansible]") {
  plan::Plan p = openstack_plan();
  p.steps[0].commands.push_back(command({text("echo \xff")}));
  std::vector<OutputFile> files;
  std::string err;
  CHECK_FALSE(emit_ansible(p, BackendOptions{}, files, &err));
  CHECK(err ==
        "a command of galera[0].bootstrap holds bytes that are not UTF-8, which a YAML file cannot "
        "hold");
}

TEST_CASE("ansible: syntax-check and ansible-lint (production profile) pass",
          "[ansible][lint][slow]") {
  if (!have("ansible-playbook") || !have("ansible-lint")) return;
  for (const plan::Plan& p : {openstack_plan()}) {
    Project proj(p);
    Run syntax =
        run("cd '" + proj.dir + "' && ansible-playbook -i inventory.yml site.yml --syntax-check");
    CHECK(syntax.status == 0);
    CHECK(syntax.out == "\nplaybook: site.yml\n");
    Run lint = run("cd '" + proj.dir + "' && ANSIBLE_LOCAL_TEMP='" + proj.dir +
                   "/.tmp' ansible-lint --nocolor --profile production site.yml inventory.yml");
    CAPTURE(lint.out);
    CHECK(lint.status == 0);
  }
}

TEST_CASE("ansible: the openstack plan runs in order, with captures, secrets and events",
          "[ansible][run][slow]") {
  if (!have("ansible-playbook")) return;
  plan::Plan p = openstack_plan();
  Project proj(p);
  Run r = proj.play("BATON_SECRET_ADMIN_TOKEN=t0k");
  CAPTURE(r.out);
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  std::string log = proj.log_text();
  check_order(p, log);
  for (const plan::Step& s : p.steps) CHECK(log.find(s.label() + "|ran\n") != std::string::npos);
  CHECK(log.find("keystone.run|ran\nkeystone.run|t0k\nkeystone.run|db=uuid-10.0.1.10;\nkeystone."
                 "run|RegionOne\n") != std::string::npos);
  // The secret is not printed (no_log).
  CHECK(r.out.find("t0k") == std::string::npos);

  // galera[0].bootstrap ok: the handler does not run; glance.run fails: haproxy.run#1 does not.
  run("rm -f '" + proj.log + "'");
  r = proj.play("BATON_SECRET_ADMIN_TOKEN=t0k BATON_TEST_STATUS_0=99 BATON_TEST_STATUS_6=3");
  CHECK(r.out.find("exit 2\n") != std::string::npos);
  CHECK(r.out.find("TASK [Run glance.run on ctl]") != std::string::npos);
  log = proj.log_text();
  check_order(p, log);
  CHECK(log.find("keystone.reload") == std::string::npos);
  CHECK(log.find("glance.run|ran\n") != std::string::npos);
  CHECK(log.find("haproxy.run#1") == std::string::npos);
}

TEST_CASE("ansible: a missing secret stops the playbook before any step", "[ansible][run][slow]") {
  if (!have("ansible-playbook")) return;
  Project proj(openstack_plan());
  Run r = proj.play("BATON_SECRET_ADMIN_TOKEN=");
  CHECK(r.out.find("missing secret admin_token: set BATON_SECRET_ADMIN_TOKEN in the environment") !=
        std::string::npos);
  CHECK(r.out.find("exit 2\n") != std::string::npos);
  CHECK(run("test -e '" + proj.log + "'").status != 0);
}

TEST_CASE("ansible: a failure runs the handlers of its failed event, and nothing new",
          "[ansible][run][slow]") {
  if (!have("ansible-playbook")) return;
  // mariadb.run -> keystone.run (fails) -> keystone.rollback (on failed); glance.run after.
  plan::Plan p;
  p.hosts = {host("db", "10.2.0.1"), host("ctl", "10.2.0.2")};
  p.steps = {step("mariadb", "mariadb", "run", 0, 0), step("keystone", "keystone", "run", 1, 1),
             step("keystone", "keystone", "rollback", 0, 2), step("glance", "glance", "run", 1, 2)};
  p.steps[2].handler = true;
  wait_for(p.steps[1], 0, plan::EdgeKind::Data);
  wait_for(p.steps[2], 1, plan::EdgeKind::Event);
  wait_for(p.steps[3], 1, plan::EdgeKind::Order);
  plan::Trigger failed;
  failed.step = 1;
  failed.event = plan::Event::Failed;
  p.steps[2].triggers = {failed};
  for (int i = 0; i < 4; ++i) p.steps[i].commands.push_back(log_step(i));
  p.levels = 3;
  Project proj(p);
  Run r = proj.play("BATON_TEST_STATUS_1=3");
  CAPTURE(r.out);
  CHECK(r.out.find("exit 2\n") != std::string::npos);
  CHECK(r.out.find("step keystone.run failed") != std::string::npos);
  CHECK(proj.log_text() == "mariadb.run|ran\nkeystone.run|ran\nkeystone.rollback|ran\n");
  // Without the failure, the rollback does not run.
  run("rm -f '" + proj.log + "'");
  r = proj.play();
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  CHECK(proj.log_text() == "mariadb.run|ran\nkeystone.run|ran\nglance.run|ran\n");
}

TEST_CASE("ansible: hostile values stay data, and secrets stay out of the files",
          "[ansible][run][slow]") {
  if (!have("ansible-playbook")) return;
  std::vector<std::string> values = hostile_values();
  plan::Plan p;
  p.hosts = {host("h", values[5], values[3])};
  p.secrets = {"evil"};
  p.steps = {step("s", "s", "run", 0, 0), step("s", "s", "use", 0, 1)};
  wait_for(p.steps[1], 0, plan::EdgeKind::Data);
  std::string all;
  for (const std::string& v : values) {
    p.steps[0].commands.push_back(log_value({lit(v)}));
    all += v;
  }
  p.steps[0].commands.push_back(log_value({lit("a"), secret("evil"), lit("b")}));
  plan::Capture c;
  c.step = 0;
  c.instance = "s";
  c.output = "out";
  c.command = command({text("printf '%s\\n' "), value({lit(all)})});
  p.captures = {c};
  p.steps[0].captures = {0};
  p.steps[1].commands.push_back(log_value({cap(0), lit("|"), secret("evil")}));
  p.levels = 2;
  std::string secret = "s3cr3t '$(touch \"$BATON_TEST_PWNED\")' {{ lookup('pipe', 'id') }}";
  Project proj(p);
  Run r = proj.play("BATON_SECRET_EVIL=" + shell::quote(secret));
  CAPTURE(r.out);
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  std::string expected;
  for (const std::string& v : values) expected += "s.run|" + v + "\n";
  expected += "s.run|a" + secret + "b\n";
  expected += "s.use|" + all + "|" + secret + "\n";
  CHECK(proj.log_text() == expected);
  CHECK(run("test -e '" + proj.pwned + "'").status != 0);
  CHECK(r.out.find("s3cr3t") == std::string::npos);
  for (const OutputFile& f : proj.files) CHECK(f.content.find("s3cr3t") == std::string::npos);
  if (have("ansible-lint")) {
    Run lint = run("cd '" + proj.dir + "' && ANSIBLE_LOCAL_TEMP='" + proj.dir +
                   "/.tmp' ansible-lint --nocolor --profile production site.yml inventory.yml");
    CAPTURE(lint.out);
    CHECK(lint.status == 0);
  }
}

TEST_CASE("ansible: a step program far over the kernel's argument limit runs",
          "[ansible][run][slow]") {
  if (!have("ansible-playbook")) return;
  // A value of 210 KiB, with quotes, Jinja delimiters and control characters: the program of
  // its step, and that of a capture that holds it too, are over Linux's 128 KiB limit on one
  // argument (MAX_ARG_STRLEN), which `sh -c PROGRAM` would hit.
  std::string big;
  while (big.size() < 210 * 1024) big += "it's {{ x }} $(touch \"$BATON_TEST_PWNED\") \t\x01 \\\n";
  plan::Plan p;
  p.hosts = {host("h", "127.0.0.1")};
  p.steps = {step("a", "a", "run", 0, 0), step("a", "a", "check", 0, 1)};
  wait_for(p.steps[1], 0);
  p.steps[0].commands.push_back(
      command({text("printf '%s' "), value({lit(big)}), text(" | cksum >>\"$BATON_TEST_LOG\"")}));
  plan::Capture c;
  c.step = 0;
  c.instance = "a";
  c.output = "size";
  c.command = command({text("printf '%s' "), value({lit(big)}), text(" | wc -c")});
  p.captures = {c};
  p.steps[0].captures = {0};
  p.steps[1].commands.push_back(log_value({cap(0)}));
  p.levels = 2;
  Project proj(p);
  CHECK(proj.files[1].content.size() > 400 * 1024);
  Run r = proj.play();
  CAPTURE(r.out.substr(0, 4000));
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  write_file(proj.dir + "/big", big);
  std::string expected_sum = run("cksum <'" + proj.dir + "/big'").out;
  CHECK(proj.log_text() == expected_sum + "a.check|" + std::to_string(big.size()) + "\n");
  CHECK(run("test -e '" + proj.pwned + "'").status != 0);
}

}  // namespace
}  // namespace baton
