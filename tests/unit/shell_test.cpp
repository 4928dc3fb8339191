// Tests of the shell backend: quoting, the program convention, and the generated driver run
// under dash and bash with the local transport (and a fake ssh), checked by shellcheck.
#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "backend_plans.h"
#include "backends/emitters.h"
#include "backends/shell_program.h"
#include "backends/shell_quote.h"

namespace baton {
namespace {

using namespace baton::testing;

std::string emit(const plan::Plan& p) {
  std::vector<OutputFile> files;
  std::string err;
  REQUIRE(emit_shell(p, BackendOptions{}, files, &err));
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "deploy.sh");
  CHECK(files[0].executable);
  return files[0].content;
}

/// A directory holding the compiled script, where runs leave their log and output.
/// The variables the commands of the test plans read (backend_plans.h).
constexpr const char* kTestVariables =
    "BATON_TEST_LOG BATON_TEST_PWNED BATON_TEST_STATUS_0 BATON_TEST_STATUS_1 BATON_TEST_STATUS_2 "
    "BATON_TEST_STATUS_3 BATON_TEST_STATUS_4 BATON_TEST_STATUS_5 BATON_TEST_STATUS_6 "
    "BATON_TEST_STATUS_7 BATON_TEST_STATUS_8 BATON_TEST_STATUS_9";

struct Workspace {
  std::string dir = temp_dir();
  std::string script = dir + "/deploy.sh";
  std::string log = dir + "/log";
  std::string pwned = dir + "/pwned";

  explicit Workspace(const std::string& content) { write_file(script, content); }
  ~Workspace() { run("rm -rf '" + dir + "'"); }

  /// Runs the script with `shell`; `env` holds extra assignments (already quoted). The local
  /// transport starts steps from an empty environment: BATON_LOCAL_ENV names what the test's
  /// commands read.
  Run sh(const std::string& shell, const std::string& args, const std::string& env = "") {
    return run("cd '" + dir + "' && env BATON_TEST_LOG='" + log + "' BATON_TEST_PWNED='" + pwned +
               "' BATON_LOCAL_ENV='" + kTestVariables + "' " + env + " " + shell + " ./deploy.sh " +
               args + " 2>stderr; echo \"exit $?\" >>stderr; cat stderr");
  }
  std::string log_text() const { return read_file(log); }
};

bool have(const char* tool) {
  return run(std::string("command -v ") + tool + " >/dev/null").status == 0;
}

TEST_CASE("shell quoting: every value is one word, read back exactly", "[shell][quote]") {
  std::vector<std::string> values = hostile_values();
  values.push_back(std::string(300, 'a') + " " + std::string(300, '\''));
  for (const std::string& v : values) {
    CAPTURE(v);
    std::string dir = temp_dir();
    // Each quoting, as one argument of printf, must print the value and run nothing.
    std::size_t column = 0;
    std::string block = shell::quote_block_safe(v, 40, &column);
    CHECK(shell::block_safe(block));
    // The bytes that the block-safe word expands from variables, assigned before it.
    shell::ByteFlags escaped{};
    std::string definitions;
    if (shell::collect_block_escapes(v, escaped))
      shell::append_byte_definitions(definitions, escaped);
    // No Jinja delimiter survives in a block-safe word.
    CHECK(block.find("{{") == std::string::npos);
    CHECK(block.find("{%") == std::string::npos);
    CHECK(block.find("{#") == std::string::npos);
    for (const std::string& word : {shell::quote(v), block, shell::literal(v)}) {
      write_file(dir + "/t.sh",
                 fmt::format("{}printf '%s' {} >\"$1/out\"\necho \"$#\" >\"$1/argc\"\n",
                             definitions, word));
      Run r = run(fmt::format("cd '{0}' && BATON_TEST_PWNED='{0}/pwned' dash t.sh '{0}'", dir));
      CHECK(r.status == 0);
      CHECK(read_file(dir + "/out") == v);
      CHECK(run("test -e '" + dir + "/pwned'").status != 0);
    }
    run("rm -rf '" + dir + "'");
  }
}

TEST_CASE("shell quoting: folded words keep lines short", "[shell][quote]") {
  std::size_t column = 10;
  std::string word = shell::quote_block_safe(std::string(500, 'x'), 100, &column);
  for (const std::string& line : lines(word)) CHECK(line.size() <= 102);
  CHECK(column == lines(word).back().size());
}

TEST_CASE("shell quoting: driver literals raise no shellcheck warning", "[shell][quote]") {
  if (!have("shellcheck")) return;
  std::string script = "#!/bin/sh\n";
  for (const std::string& v : hostile_values())
    script += "printf '%s\\n' " + shell::literal(v) + "\n";
  Workspace w(script);
  Run r = run("shellcheck '" + w.script + "'");
  CHECK(r.out == "");
  CHECK(r.status == 0);
}

TEST_CASE("shell quoting: a here-document delimiter is never a line of its body",
          "[shell][quote]") {
  CHECK(shell::heredoc_delimiter("a\nb", "BATON") == "BATON");
  CHECK(shell::heredoc_delimiter("a\nBATON\nb", "BATON") == "BATON_1");
  CHECK(shell::heredoc_delimiter("BATON\nBATON_1", "BATON") == "BATON_2");
  CHECK(shell::heredoc_delimiter("xBATON\nBATON x", "BATON") == "BATON");
}

TEST_CASE("shell program: values refer to run-time inputs as one double-quoted word",
          "[shell][program]") {
  plan::Command c =
      command({text("run "), value({lit("a'b "), cap(3), lit(" "), secret("db_pass")}),
               text(" --flag "), value({})});
  CHECK(shell::command_text(c, {}) ==
        "run 'a'\\''b '\"$BATON_CAP_3\"' '\"$BATON_SECRET_DB_PASS\" --flag ''");
  shell::RuntimeInputs in;
  shell::collect_inputs(c, in);
  CHECK(in.captures == std::set<uint32_t>{3});
  CHECK(in.secrets == std::set<std::string>{"db_pass"});
}

TEST_CASE("shell: the openstack plan runs in order under dash and bash", "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  for (const char* shell_name : {"dash", "bash"}) {
    CAPTURE(shell_name);
    run("rm -f '" + w.log + "'");
    Run r = w.sh(shell_name, "--transport local -j1", "BATON_SECRET_ADMIN_TOKEN='t0k'");
    CHECK(r.out ==
          "deploy.sh: 8 steps on 5 hosts, up to 1 at once, through local\n"
          "start    galera[0].bootstrap on db[0]\n"
          "changed  galera[0].bootstrap\n"
          "start    galera[1].join on db[1]\n"
          "changed  galera[1].join\n"
          "start    galera[2].join on db[2]\n"
          "changed  galera[2].join\n"
          "start    keystone.run on ctl\n"
          "changed  keystone.run\n"
          "start    haproxy.run#0 on lb\n"
          "changed  haproxy.run#0\n"
          "start    keystone.reload on ctl\n"
          "changed  keystone.reload\n"
          "start    glance.run on ctl\n"
          "changed  glance.run\n"
          "start    haproxy.run#1 on lb\n"
          "changed  haproxy.run#1\n"
          "deploy.sh: done: 8 steps, 8 changed, 0 ok, 0 skipped\n"
          "exit 0\n");
    CHECK(w.log_text() ==
          "galera[0].bootstrap|ran\n"
          "galera[1].join|ran\n"
          "galera[2].join|ran\n"
          "keystone.run|ran\n"
          "keystone.run|t0k\n"
          "keystone.run|db=uuid-10.0.1.10;\n"
          "keystone.run|RegionOne\n"
          "haproxy.run#0|ran\n"
          "keystone.reload|ran\n"
          "glance.run|ran\n"
          "haproxy.run#1|ran\n");
  }
}

TEST_CASE("shell: steps run at once up to --jobs, each after what it waits for", "[shell][run]") {
  plan::Plan p = openstack_plan();
  // galera[1].join waits until galera[2].join has started: only possible when both run at once.
  p.steps[1].commands.push_back(
      command({text("i=0; while [ ! -e \"$BATON_TEST_LOG.2\" ] && [ $i -lt 300 ]; do sleep 0.1; "
                    "i=$((i + 1)); done; "
                    "test -e \"$BATON_TEST_LOG.2\"")}));
  p.steps[2].commands.push_back(command({text(": >\"$BATON_TEST_LOG.2\"")}));
  Workspace w(emit(p));
  Run r = w.sh("dash", "--transport local --jobs 3", "BATON_SECRET_ADMIN_TOKEN=t");
  CHECK(r.out.find("deploy.sh: done: 8 steps, 8 changed, 0 ok, 0 skipped\n") != std::string::npos);
  std::vector<std::string> log = lines(w.log_text());
  auto pos = [&](const std::string& entry) {
    for (std::size_t i = 0; i < log.size(); ++i)
      if (log[i] == entry) return static_cast<long>(i);
    return -1L;
  };
  // Every wait of the plan holds in the log.
  for (const plan::Step& s : p.steps) {
    for (const plan::Dependency& d : s.waits_for) {
      CAPTURE(s.label(), p.steps[d.step].label());
      CHECK(pos(p.steps[d.step].label() + "|ran") >= 0);
      CHECK(pos(p.steps[d.step].label() + "|ran") < pos(s.label() + "|ran"));
    }
  }
}

TEST_CASE("shell: exit status 99 reports ok, and an untriggered handler is skipped",
          "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  Run r =
      w.sh("dash", "--transport local -j1", "BATON_SECRET_ADMIN_TOKEN=t BATON_TEST_STATUS_0=99");
  CHECK(r.out.find("ok       galera[0].bootstrap\n") != std::string::npos);
  CHECK(r.out.find("skipped  keystone.reload: not triggered\n") != std::string::npos);
  CHECK(r.out.find("deploy.sh: done: 8 steps, 6 changed, 1 ok, 1 skipped\n") != std::string::npos);
  CHECK(w.log_text().find("keystone.reload") == std::string::npos);
}

TEST_CASE("shell: a step is ok only when every command is", "[shell][program]") {
  plan::Plan p;
  p.hosts = {host("h", "127.0.0.1")};
  p.steps = {step("s", "s", "a", 0, 0), step("s", "s", "b", 0, 1), step("s", "s", "c", 0, 2)};
  wait_for(p.steps[1], 0);
  wait_for(p.steps[2], 1);
  p.steps[0].commands = {command({text("exit 99")}), command({text("exit 99")})};
  p.steps[1].commands = {command({text("exit 99")}), command({text("true")})};
  p.steps[2].commands = {command({text("exit 99")}), command({text("exit 4")}), log_step(9)};
  p.levels = 3;
  Workspace w(emit(p));
  Run r = w.sh("dash", "--transport local");
  CHECK(r.out ==
        "deploy.sh: 3 steps on 1 hosts, up to 5 at once, through local\n"
        "start    s.a on h\n"
        "ok       s.a\n"
        "start    s.b on h\n"
        "changed  s.b\n"
        "start    s.c on h\n"
        "FAILED   s.c: exit status 4\n"
        "deploy.sh: step s.c failed: exit status 4\n"
        "deploy.sh: stopped: 0 of 3 steps did not run\n"
        "exit 1\n");
  // The command after the failing one did not run.
  CHECK(w.log_text() == "");
}

/// The events example: mariadb.run, keystone.run, keystone.reload (mariadb.run changed),
/// keystone.rollback (keystone.run failed), and a step after keystone.run.
plan::Plan events_plan() {
  plan::Plan p;
  p.hosts = {host("db", "10.2.0.1"), host("ctl", "10.2.0.2")};
  p.steps = {step("mariadb", "mariadb", "run", 0, 0),
             step("keystone", "keystone", "run", 1, 1),
             step("other", "other", "run", 0, 1),
             step("keystone", "keystone", "reload", 1, 2),
             step("keystone", "keystone", "rollback", 1, 2),
             step("glance", "glance", "run", 1, 2)};
  p.steps[3].handler = p.steps[4].handler = true;
  wait_for(p.steps[1], 0, plan::EdgeKind::Data);
  wait_for(p.steps[2], 0);
  wait_for(p.steps[3], 0, plan::EdgeKind::Event);
  wait_for(p.steps[3], 1);
  wait_for(p.steps[4], 1, plan::EdgeKind::Event);
  wait_for(p.steps[5], 1, plan::EdgeKind::Order);
  plan::Trigger changed, failed;
  changed.step = 0;
  failed.step = 1;
  failed.event = plan::Event::Failed;
  p.steps[3].triggers = {changed};
  p.steps[4].triggers = {failed};
  for (int i = 0; i < 6; ++i) p.steps[i].commands.push_back(log_step(i));
  p.levels = 3;
  return p;
}

TEST_CASE("shell: a failure stops new steps, lets running ones finish, runs its handlers",
          "[shell][run]") {
  Workspace w(emit(events_plan()));
  // other.run (level 1) is still running when keystone.run fails: it finishes, and is ok.
  Run r = w.sh("dash", "--transport local", "BATON_TEST_STATUS_1=3 BATON_TEST_STATUS_2=99");
  CHECK(r.out.find("FAILED   keystone.run: exit status 3\n") != std::string::npos);
  CHECK(r.out.find("ok       other.run\n") != std::string::npos);
  CHECK(r.out.find("start    keystone.rollback on ctl\n") != std::string::npos);
  CHECK(r.out.find("changed  keystone.rollback\n") != std::string::npos);
  CHECK(r.out.find("deploy.sh: step keystone.run failed: exit status 3\n"
                   "deploy.sh: stopped: 2 of 6 steps did not run\n"
                   "exit 1\n") != std::string::npos);
  std::string log = w.log_text();
  CHECK(log.find("keystone.rollback|ran") != std::string::npos);
  CHECK(log.find("glance.run") == std::string::npos);
  CHECK(log.find("keystone.reload") == std::string::npos);

  // Without the failure, the rollback handler is skipped and the reload runs.
  run("rm -f '" + w.log + "'");
  r = w.sh("bash", "--transport local -j 1");
  CHECK(r.out.find("skipped  keystone.rollback: not triggered\n") != std::string::npos);
  CHECK(r.out.find("deploy.sh: done: 6 steps, 5 changed, 0 ok, 1 skipped\nexit 0\n") !=
        std::string::npos);
  CHECK(w.log_text() ==
        "mariadb.run|ran\nkeystone.run|ran\nother.run|ran\nkeystone.reload|ran\nglance.run|ran\n");
}

TEST_CASE("shell: captures arrive exactly, as data", "[shell][run]") {
  plan::Plan p = openstack_plan();
  // The capture prints every hostile value, then two newlines: only the last is dropped.
  std::string all;
  for (const std::string& v : hostile_values()) all += v;
  p.captures[0].command = command({text("printf '%s\\n\\n' "), value({lit(all)})});
  p.steps[3].commands = {log_value({cap(0)})};
  Workspace w(emit(p));
  Run r = w.sh("bash", "--transport local", "BATON_SECRET_ADMIN_TOKEN=t");
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  CHECK(w.log_text().find("keystone.run|" + all + "\n\n") != std::string::npos);
  CHECK(run("test -e '" + w.pwned + "'").status != 0);
}

TEST_CASE("shell: a failed capture fails its step", "[shell][run]") {
  plan::Plan p = openstack_plan();
  p.captures[0].command = command({text("echo partial; exit 5")});
  Workspace w(emit(p));
  Run r = w.sh("dash", "--transport local", "BATON_SECRET_ADMIN_TOKEN=t");
  CHECK(
      r.out.find("FAILED   galera[0].bootstrap: capturing galera[0].uuid exited with status 5\n") !=
      std::string::npos);
  CHECK(r.out.find("deploy.sh: stopped: 7 of 8 steps did not run\nexit 1\n") != std::string::npos);
}

TEST_CASE("shell: a missing secret stops the script before anything runs", "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  Run r = w.sh("dash", "--transport local", "BATON_SECRET_ADMIN_TOKEN=");
  CHECK(r.out ==
        "deploy.sh: missing secret, set it in the environment: BATON_SECRET_ADMIN_TOKEN\nexit 2\n");
  CHECK(run("test -e '" + w.log + "'").status != 0);
}

TEST_CASE("shell: --dry-run prints the steps in order and runs nothing", "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  Run r = w.sh("dash", "--dry-run");
  CHECK(
      r.out ==
      "dry run: 8 steps on 5 hosts in 5 levels; nothing runs\n"
      "step 1/8, level 0: galera[0].bootstrap on db[0]\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_0:-0}\"\n"
      "capture galera[0].uuid on db[0], after galera[0].bootstrap:\n"
      "    printf 'uuid-%s\\n' '10.0.1.10'\n"
      "step 2/8, level 1: galera[1].join on db[1]\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_1:-0}\"\n"
      "step 3/8, level 1: galera[2].join on db[2]\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_2:-0}\"\n"
      "step 4/8, level 1: keystone.run on ctl\n"
      "    with $BATON_CAP_0 = galera[0].uuid\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_3:-0}\"\n"
      "    printf '%s|%s\\n' \"$BATON_STEP\" \"$BATON_SECRET_ADMIN_TOKEN\" >>\"$BATON_TEST_LOG\"\n"
      "    printf '%s|%s\\n' \"$BATON_STEP\" 'db='\"$BATON_CAP_0\"';' >>\"$BATON_TEST_LOG\"\n"
      "    printf '%s|%s\\n' \"$BATON_STEP\" 'RegionOne' >>\"$BATON_TEST_LOG\"\n"
      "step 5/8, level 2: haproxy.run#0 on lb\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_4:-0}\"\n"
      "step 6/8, level 2: keystone.reload on ctl, handler, runs if galera[0].bootstrap changed\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_5:-0}\"\n"
      "step 7/8, level 3: glance.run on ctl\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_6:-0}\"\n"
      "step 8/8, level 4: haproxy.run#1 on lb\n"
      "    printf '%s|ran\\n' \"$BATON_STEP\" >>\"$BATON_TEST_LOG\"; exit "
      "\"${BATON_TEST_STATUS_7:-0}\"\n"
      "exit 0\n");
  CHECK(run("test -e '" + w.log + "'").status != 0);
}

TEST_CASE("shell: --verbose prints the output of steps, --log-dir keeps it", "[shell][run]") {
  plan::Plan p;
  p.hosts = {host("h", "127.0.0.1")};
  p.steps = {step("s", "s", "a", 0, 0), step("s", "s", "b", 0, 1)};
  wait_for(p.steps[1], 0);
  p.steps[0].commands = {command({text("echo out; echo err >&2")})};
  p.steps[1].commands = {command({text("printf 'no newline'")})};
  p.levels = 2;
  Workspace w(emit(p));
  Run r = w.sh("dash", "--transport local -v --log-dir logs");
  CHECK(r.out ==
        "deploy.sh: 2 steps on 1 hosts, up to 5 at once, through local\n"
        "start    s.a on h\n"
        "changed  s.a\n"
        "    | out\n"
        "    | err\n"
        "start    s.b on h\n"
        "changed  s.b\n"
        "    | no newline\n"
        "deploy.sh: done: 2 steps, 2 changed, 0 ok, 0 skipped\n"
        "exit 0\n");
  CHECK(read_file(w.dir + "/logs/s.a.log") == "out\nerr\n");
  CHECK(read_file(w.dir + "/logs/s.b.log") == "no newline");
  // Without -v, only a failed step's output is shown.
  r = w.sh("dash", "--transport local");
  CHECK(r.out.find("    | ") == std::string::npos);
}

TEST_CASE("shell: usage errors exit with status 2", "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  CHECK(w.sh("dash", "--bogus").out ==
        "deploy.sh: unknown option: --bogus\nrun \"deploy.sh --help\" for the options\nexit 2\n");
  // --jobs takes 1 to 999999999: nothing that the shell's arithmetic would wrap or refuse later.
  for (const char* bad : {"0", "000", "-1", "abc", "1e3", "+5", "' 5'", "''", "1000000000",
                          "99999999999999999999", "9223372036854775808", "0x10"}) {
    CAPTURE(bad);
    std::string shown = bad[0] == '\'' ? std::string(bad + 1, std::strlen(bad) - 2) : bad;
    for (const std::string& args : {"--jobs " + std::string(bad), "--jobs=" + std::string(bad)}) {
      CHECK(w.sh("dash", args).out ==
            "deploy.sh: --jobs needs a number from 1 to 999999999, not '" + shown +
                "'\nrun \"deploy.sh --help\" for the options\nexit 2\n");
    }
  }
  CHECK(w.sh("dash", "-j99999999999")
            .out.find("--jobs needs a number from 1 to 999999999, not "
                      "'99999999999'\n") != std::string::npos);
  // The largest number, and leading zeros, are taken.
  for (const char* good : {"999999999", "0000000000007"}) {
    CAPTURE(good);
    Run r =
        w.sh("dash", std::string("--transport local --jobs ") + good, "BATON_SECRET_ADMIN_TOKEN=t");
    CHECK(r.out.find("deploy.sh: done: 8 steps, 8 changed, 0 ok, 0 skipped\nexit 0\n") !=
          std::string::npos);
  }
  CHECK(w.sh("dash", "--transport=telnet").out.find("unknown transport 'telnet': ssh or local\n") !=
        std::string::npos);
  Run help = w.sh("dash", "--help");
  CHECK(help.out.find("usage: sh deploy.sh [options]\n") == 0);
  CHECK(help.out.find("  BATON_SECRET_ADMIN_TOKEN the secret param `admin_token`\n") !=
        std::string::npos);
  CHECK(help.out.find("exit 0\n") != std::string::npos);
}

TEST_CASE("shell: the ssh transport reaches each host by address, user and port", "[shell][run]") {
  Workspace w(emit(openstack_plan()));
  // A fake ssh: records its arguments, then runs the program here as ssh would there.
  write_file(w.dir + "/fake-ssh",
             "#!/bin/sh\nprintf '%s\\n' \"$*\" >>\"$BATON_TEST_LOG.ssh\"\nwhile [ \"$1\" != -- ]; "
             "do shift; done\n"
             "shift 2\nexec \"$@\"\n");
  run("chmod +x '" + w.dir + "/fake-ssh'");
  Run r = w.sh("dash", "-j1", "BATON_SECRET_ADMIN_TOKEN=t BATON_SSH='" + w.dir + "/fake-ssh'");
  CHECK(r.out.find("through ssh\n") != std::string::npos);
  CHECK(r.out.find("exit 0\n") != std::string::npos);
  CHECK(read_file(w.log + ".ssh") ==
        "-T -o BatchMode=yes -- 10.0.1.10 sh -s\n"  // galera[0].bootstrap
        "-T -o BatchMode=yes -- 10.0.1.10 sh -s\n"  // its capture
        "-T -o BatchMode=yes -p 2222 -- 10.0.1.11 sh -s\n"
        "-T -o BatchMode=yes -- 10.0.1.12 sh -s\n"
        "-T -o BatchMode=yes -l deploy -- 10.0.0.2 sh -s\n"
        "-T -o BatchMode=yes -- 10.0.0.10 sh -s\n"
        "-T -o BatchMode=yes -l deploy -- 10.0.0.2 sh -s\n"
        "-T -o BatchMode=yes -l deploy -- 10.0.0.2 sh -s\n"
        "-T -o BatchMode=yes -- 10.0.0.10 sh -s\n");
}

/// A plan whose every value, host attribute and secret is hostile.
plan::Plan hostile_plan() {
  plan::Plan p;
  std::vector<std::string> values = hostile_values();
  p.hosts = {host("h", values[1], values[3])};
  p.secrets = {"evil"};
  p.steps = {step("s", "s", "run", 0, 0), step("s", "s", "use", 0, 1)};
  wait_for(p.steps[1], 0, plan::EdgeKind::Data);
  for (const std::string& v : values) p.steps[0].commands.push_back(log_value({lit(v)}));
  p.steps[0].commands.push_back(log_value({lit("a"), secret("evil"), lit("b")}));
  plan::Capture c;
  c.step = 0;
  c.instance = "s";
  c.output = "out";
  std::string all;
  for (const std::string& v : values) all += v;
  c.command = command({text("printf '%s' "), value({lit(all)})});
  p.captures = {c};
  p.steps[0].captures = {0};
  p.steps[1].commands.push_back(log_value({cap(0), lit("|"), secret("evil")}));
  p.levels = 2;
  return p;
}

TEST_CASE("shell: hostile values stay data, and secrets stay out of the script", "[shell][run]") {
  std::string script = emit(hostile_plan());
  std::string secret = "s3cr3t '$(touch \"$BATON_TEST_PWNED\")' {{ x }}";
  Workspace w(script);
  for (const char* shell_name : {"dash", "bash"}) {
    CAPTURE(shell_name);
    run("rm -f '" + w.log + "'");
    Run r = w.sh(shell_name, "--transport local", "BATON_SECRET_EVIL=" + shell::quote(secret));
    CHECK(r.out.find("exit 0\n") != std::string::npos);
    std::string expected;
    std::string all;
    for (const std::string& v : hostile_values()) {
      expected += "s.run|" + v + "\n";
      all += v;
    }
    expected += "s.run|a" + secret + "b\n";
    // The capture's value is its output minus the final newline.
    expected += "s.use|" + all.substr(0, all.size() - 1) + "|" + secret + "\n";
    CHECK(w.log_text() == expected);
    CHECK(run("test -e '" + w.pwned + "'").status != 0);
  }
  CHECK(script.find("s3cr3t") == std::string::npos);
}

TEST_CASE("shell: the generated scripts are shellcheck-clean", "[shell][lint]") {
  if (!have("shellcheck")) return;
  for (const plan::Plan& p : {openstack_plan(), events_plan(), hostile_plan()}) {
    Workspace w(emit(p));
    Run r = run("shellcheck '" + w.script + "'");
    CHECK(r.out == "");
    CHECK(r.status == 0);
  }
}

TEST_CASE("shell: the output is the same for the same plan", "[shell]") {
  CHECK(emit(openstack_plan()) == emit(openstack_plan()));
}

TEST_CASE("shell: plans that cannot run are refused", "[shell]") {
  std::vector<OutputFile> files;
  std::string err;
  plan::Plan p = openstack_plan();
  p.deadlocks.push_back({{0, 1}});
  CHECK_FALSE(emit_shell(p, BackendOptions{}, files, &err));
  CHECK(err == "the plan has a cycle that cannot be split, so it cannot run");
  p = openstack_plan();
  p.secrets = {"a_b", "A_B"};
  CHECK_FALSE(emit_shell(p, BackendOptions{}, files, &err));
  CHECK(err == "secrets `a_b` and `A_B` would both be read from BATON_SECRET_A_B");
  p = openstack_plan();
  p.steps[3].waits_for.clear();
  CHECK_FALSE(emit_shell(p, BackendOptions{}, files, &err));
  CHECK(err == "step keystone.run uses a captured output before it is taken");
}

}  // namespace
}  // namespace baton
