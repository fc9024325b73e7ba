# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ds01_events_global_optspecs
    string join \n f/file= color= utc json u/user= source= c/container= t/type= p/problems w/where= g/grep= S/since= U/until= n/limit= a/all r/reverse raw o/output= archives current info concepts follow summary guided h/help V/version
end

function __fish_ds01_events_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ds01_events_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ds01_events_using_subcommand
    set -l cmd (__fish_ds01_events_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ds01-events -n "__fish_ds01_events_needs_command" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l info -d 'Print the full reference: every flag, time form, exit code, variable'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l concepts -d 'Explain events, schemas, rotation, permissions and the guarantees'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l follow -d 'Same as the `follow` command'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l summary -d 'Same as the `summary` command'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -l guided -d 'Same as the `guided` command'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -s V -l version -d 'Print version'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "log" -d 'Append one event: log TYPE [key=value ...] [key:=JSON ...]'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "query" -d 'Query events (the default command)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "follow" -d 'Show the newest events, then new ones as they are written'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "summary" -d 'Counts by type, user, source and time, with a bar chart'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "report" -d 'The month in numbers: containers, GPU-hours per user, access (--month YYYY-MM)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "guided" -d 'Interactive walkthrough that builds a query and shows its command line'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "setup" -d 'Create the log directory, file and logrotate config (root)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "doctor" -d 'Check the file, permissions, rotation, disk and recent events'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "metrics" -d 'Prometheus text format for node_exporter\'s textfile collector'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "seal" -d 'Seal the lines appended since the last checkpoint (root; --init first)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "verify" -d 'Prove the sealed history untouched: every file against its checkpoints'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "help" -d 'Help on a topic: filters, time, output, schema, rotation, exit-codes...'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "generate" -d 'Write the man pages and shell completions (for packaging)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "demo" -d 'Write a sample log ending now (default ./ds01-demo) and print the `export DS01_EVENTS_FILE=...` line that points queries at it'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "shell-init" -d 'Print a function (bash) or module (python) that scripts use to log'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "types" -d 'The known event types; --used: the types in the log, with counts'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "user" -d 'Legacy: events of one user (same as --user NAME)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "container" -d 'Legacy: events of one container (same as --container NAME)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "errors" -d 'Legacy: failed, rejected and enforcement events (same as --problems)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "tail" -d 'Legacy: the newest N events (default 20)'
complete -c ds01-events -n "__fish_ds01_events_needs_command" -f -a "search" -d 'Legacy: lines matching REGEX, case-insensitive (first 100)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l user -d 'The user the event is about (same as user=NAME)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l source -d 'The script that logs (default: the calling script\'s file name)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l strict -d 'Exit 75 when the event cannot be appended to the file'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l dry-run -d 'Print the line instead of writing it'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand log" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand query" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand follow" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l by -d 'Also count by this field (repeatable): gpu, new_status, container...' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l top -d 'Rows per ranked table (default: 15 types, 10 of everything else)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand summary" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l month -d 'The UTC month: [its 1st 00:00, the next month\'s 1st 00:00)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l markdown -d 'Markdown, in the monthly report\'s container-activity layout'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand report" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand guided" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand guided" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand guided" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand guided" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand guided" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l group -d 'Group whose members may log' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l root -d 'Apply everything under this directory instead of / (for tests, images)' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l dry-run -d 'Print each action instead of doing it'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l print-logrotate -d 'Print the logrotate config that setup installs, and do nothing else'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l force -d 'Replace a logrotate config that names another events file'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l seal -d 'Also install the sealing timer (systemd, with a cron.d fallback) that runs \'ds01-events seal\' every minute'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand setup" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -l group -d 'The group that should own the log (as given to setup)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -l root -d 'Look for the logrotate config under this root (as setup --root)' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -l output -d 'Write atomically to FILE (temporary file and rename) instead of stdout' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l interval -d 'With --init: how long each key lives before it evolves (15min, 1h...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l seal-dir -d 'The seal directory (default: $DS01_EVENTS_SEAL_DIR, else /var/lib/ds01-events)' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l init -d 'Create the sealing state and print the verification key (once)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l force -d 'With --init: replace existing sealing state'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand seal" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l key -d 'The verification key printed by \'seal --init\' (also checks every MAC)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l key-file -d 'Read the verification key from this file' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l seal-dir -d 'The seal directory (default: $DS01_EVENTS_SEAL_DIR, else /var/lib/ds01-events)' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand verify" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand help" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand help" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand help" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand help" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand help" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -l out -d 'Directory that receives man/ and completions/' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand generate" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand demo" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand demo" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand demo" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand demo" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand demo" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand shell-init" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand shell-init" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand shell-init" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand shell-init" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand shell-init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -l used -d 'List the types present in the log with counts, flagging unknown ones'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand types" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand user" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand container" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand errors" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand tail" -s h -l help -d 'Print help'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s u -l user -d 'Events of this user (exact)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l source -d 'Events written by this source (script)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s c -l container -d 'Events about this container (container, name, or a container_id prefix)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s t -l type -d 'Event type: a prefix on segment boundaries (gpu, gpu.allocate) or a glob (*.reject)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s w -l where -d 'Field condition: KEY=VALUE, KEY!=VALUE or KEY~REGEX (details or top level)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s g -l grep -d 'Regular expression searched anywhere in the line (smart case)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s S -l since -d 'Events at or after TIME ("1 hour ago", today, 2026-01-30, -90m...)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s U -l until -d 'Events before TIME' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s n -l limit -d 'Show the newest N matching events (default 50; 10 for follow)' -r
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s o -l output -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
raw\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s f -l file -d 'Events file (repeatable for queries, merged in time order; follow watches the first). Default: $DS01_EVENTS_FILE, else /var/log/ds01/events.jsonl' -r -F
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l color -d 'When to colour the table' -r -f -a "auto\t''
always\t''
never\t''"
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s p -l problems -d 'Only failures and enforcement (reject, denied, fail, error, oom, kill...)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s a -l all -d 'Show every matching event'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s r -l reverse -d 'Newest first'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l raw -d 'The original lines, untouched'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l archives -d 'Also read rotated files (events.jsonl-YYYYMMDD[.gz]) without a time bound'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l current -d 'Read the current file alone, not its rotated siblings'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l utc -d 'Show and read times in UTC instead of the local zone'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -l json -d 'One JSON object per line (v1 schema; old lines converted)'
complete -c ds01-events -n "__fish_ds01_events_using_subcommand search" -s h -l help -d 'Print help'
