// The command line: subcommands, options and exit statuses.
#pragma once

namespace baton {

/// Exit statuses that scripts can trust.
enum ExitStatus : int { kExitClean = 0, kExitErrors = 1, kExitUsage = 2 };

/// Runs baton with the given arguments and returns the process exit status.
int run_driver(int argc, char** argv);

/// Frees the specs and plans that run_driver keeps until the process exits (freeing them block
/// by block just before exit only costs time): for a caller that runs the driver many times in
/// one process, as the pipeline's fuzz harness does.
void release_kept_plans();

}  // namespace baton
