// The command line: subcommands, options and exit statuses.
#pragma once

namespace baton {

/// Exit statuses that scripts can trust.
enum ExitStatus : int { kExitClean = 0, kExitErrors = 1, kExitUsage = 2 };

/// Runs baton with the given arguments and returns the process exit status.
int run_driver(int argc, char** argv);

}  // namespace baton
