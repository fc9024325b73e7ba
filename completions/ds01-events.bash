_ds01__events() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="ds01__events"
                ;;
            ds01__events,container)
                cmd="ds01__events__subcmd__container"
                ;;
            ds01__events,demo)
                cmd="ds01__events__subcmd__demo"
                ;;
            ds01__events,doctor)
                cmd="ds01__events__subcmd__doctor"
                ;;
            ds01__events,errors)
                cmd="ds01__events__subcmd__errors"
                ;;
            ds01__events,follow)
                cmd="ds01__events__subcmd__follow"
                ;;
            ds01__events,guided)
                cmd="ds01__events__subcmd__guided"
                ;;
            ds01__events,help)
                cmd="ds01__events__subcmd__help"
                ;;
            ds01__events,log)
                cmd="ds01__events__subcmd__log"
                ;;
            ds01__events,metrics)
                cmd="ds01__events__subcmd__metrics"
                ;;
            ds01__events,query)
                cmd="ds01__events__subcmd__query"
                ;;
            ds01__events,report)
                cmd="ds01__events__subcmd__report"
                ;;
            ds01__events,seal)
                cmd="ds01__events__subcmd__seal"
                ;;
            ds01__events,search)
                cmd="ds01__events__subcmd__search"
                ;;
            ds01__events,setup)
                cmd="ds01__events__subcmd__setup"
                ;;
            ds01__events,shell-init)
                cmd="ds01__events__subcmd__shell__subcmd__init"
                ;;
            ds01__events,summary)
                cmd="ds01__events__subcmd__summary"
                ;;
            ds01__events,tail)
                cmd="ds01__events__subcmd__tail"
                ;;
            ds01__events,types)
                cmd="ds01__events__subcmd__types"
                ;;
            ds01__events,user)
                cmd="ds01__events__subcmd__user"
                ;;
            ds01__events,verify)
                cmd="ds01__events__subcmd__verify"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        ds01__events)
            opts="-f -u -c -t -p -w -g -S -U -n -a -r -o -h -V --file --hosts-dir --color --utc --json --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --info --concepts --follow --summary --guided --help --version log query follow summary report guided setup doctor metrics seal verify help demo shell-init types user container errors tail search"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__container)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__demo)
            opts="-h --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__doctor)
            opts="-f -h --file --hosts-dir --json --group --root --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --root)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__errors)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__follow)
            opts="-u -c -t -p -w -g -S -U -n -a -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --raw --output --archives --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__guided)
            opts="-f -h --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__help)
            opts="-h --help filters time output log schema files legacy exit-codes environment seal concepts"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__log)
            opts="-f -h --file --hosts-dir --user --source --strict --dry-run --help access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__metrics)
            opts="-f -h --file --hosts-dir --output --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --output)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__query)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__report)
            opts="-u -c -t -p -w -g -S -U -f -h --user --source --host --container --type --problems --where --grep --since --until --month --markdown --current --json --utc --file --hosts-dir --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --month)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__seal)
            opts="-f -h --file --hosts-dir --init --interval --force --seal-dir --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --interval)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --seal-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__search)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__setup)
            opts="-f -h --file --hosts-dir --group --dry-run --root --print-logrotate --force --seal --forward-to --collector --listen --print-rsyslog --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --group)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --root)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --forward-to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --listen)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__shell__subcmd__init)
            opts="-h --help bash python"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__summary)
            opts="-u -c -t -p -w -g -S -U -f -h --user --source --host --container --type --problems --where --grep --since --until --by --top --archives --current --json --utc --color --file --hosts-dir --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --by)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --top)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__tail)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__types)
            opts="-f -u -c -t -p -w -g -S -U -h --used --json --current --file --hosts-dir --user --source --host --container --type --problems --where --grep --since --until --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__user)
            opts="-u -c -t -p -w -g -S -U -n -a -r -o -f -h --user --source --host --container --type --problems --where --grep --since --until --limit --all --reverse --raw --output --archives --current --malformed --no-pager --file --hosts-dir --color --utc --json --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --user)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -u)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --source)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --container)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -c)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                -t)
                    COMPREPLY=($(compgen -W "access admin alert auth bare_metal config container detection docker gpu health maintenance monitor monitoring queue quota resource state system user container.create container.start container.stop container.remove container.create_start container.create_failed container.created container.started container.stopped container.removed gpu.allocate gpu.release gpu.reject gpu.hold gpu.removed_stale gpu.health_check gpu.allocation.lock_timeout gpu.allocated gpu.released gpu.rejected auth.denied auth.sudo_grant auth.access_denied access.grant access.revoke access.unowned_container resource.cgroup_limit resource.oom_kill maintenance.cleanup maintenance.idle_kill maintenance.runtime_kill maintenance.runtime_exempt maintenance.alert_clean maintenance.alert_check_user maintenance.alert_check_start maintenance.alert_check_done monitoring.dcgm_restart monitoring.scrape_failure monitor.idle_detect monitor.runtime_exceed monitor.gpu_stale config.change admin.cleanup admin.config_change admin.user_override health.check health.fail system.startup system.shutdown system.high_demand bare_metal.detect bare_metal.warning detection.unmanaged_container detection.host_gpu_process detection.container_discovered detection.container_exited detection.container_status_changed detection.host_gpu_process_discovered detection.host_gpu_process_exited docker.intercept docker.cgroup_inject docker.gpu_rewrite user.added alert.gpu_warning alert.gpu_limit alert.memory_warning alert.memory_limit alert.container_warning alert.container_limit alert.gpu_waste alert.mig_waste queue.joined queue.left queue.notified quota.memory_exceeded state.validation state.repair_needed" -- "${cur}"))
                    return 0
                    ;;
                --where)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -w)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --grep)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -g)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --since)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -S)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --until)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -U)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --limit)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                -n)
                    COMPREPLY=("${cur}")
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o nospace
                    fi
                    return 0
                    ;;
                --output)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -W "table json csv csv-bare raw" -- "${cur}"))
                    return 0
                    ;;
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        ds01__events__subcmd__verify)
            opts="-f -h --file --hosts-dir --key --key-file --json --seal-dir --help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                -f)
                    local oldifs
                    if [ -n "${IFS+x}" ]; then
                        oldifs="$IFS"
                    fi
                    IFS=$'\n'
                    COMPREPLY=($(compgen -f "${cur}"))
                    if [ -n "${oldifs+x}" ]; then
                        IFS="$oldifs"
                    fi
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o filenames
                    fi
                    return 0
                    ;;
                --hosts-dir)
                    COMPREPLY=()
                    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
                        compopt -o plusdirs
                    fi
                    return 0
                    ;;
                --key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --key-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --seal-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _ds01__events -o nosort -o bashdefault -o default ds01-events
else
    complete -F _ds01__events -o bashdefault -o default ds01-events
fi
