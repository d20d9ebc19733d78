# tests/busybox/process.sh - processes from the shell: sh -c, exit statuses,
# background jobs with wait and $!, kill and kill -0, trap on signals and
# EXIT, sleep, timeout, subshell pids, env, true/false, a fork loop.
echo "1 sh -c: $(sh -c 'echo inner; exit 3'; echo status $?)"
sh -c 'kill -TERM $$'; echo "2 killed by TERM: $?"
sh -c 'exit 300'; echo "3 exit 300: $?"
true; echo "4 true: $?"; false; echo "5 false: $?"
nosuchcommand 2>/dev/null; echo "6 not found: $?"
sleep 0.2 & pid=$!
kill -0 $pid && echo "7 kill -0 running: $?"
wait $pid; echo "8 wait: $?"
kill -0 $pid 2>/dev/null; echo "9 kill -0 gone: $?"
(sleep 5; echo never) & pid=$!
kill $pid; wait $pid; echo "10 wait killed: $?"
( exit 7 ) & wait $!; echo "11 background status: $?"
for i in 1 2 3; do (sleep 0.1; exit $i) & done; wait; echo "12 wait all: $?"
trap 'echo "13 trap USR1"' USR1; kill -USR1 $$; trap - USR1
sh -c 'trap "echo 14 trap EXIT" EXIT; exit 0'
sh -c 'trap "" TERM; kill -TERM $$; echo "15 ignored TERM"'
echo "16 timeout: $(timeout 1 sleep 5; echo $?)"
echo "17 env: $(env -i FOO=bar sh -c 'echo $FOO')"
echo "18 env var passed: $(VAR=x sh -c 'echo $VAR')"
echo "19 export: $(export EXP=yes; sh -c 'echo $EXP')"
echo "20 subshell pid differs: $( [ "$(sh -c 'echo $$')" != "$$" ] && echo yes)"
sh -c 'echo $PPID' > ppid; echo "21 \$PPID of a child: $( [ "$(cat ppid)" = "$$" ] && echo yes)"
n=0; for i in $(seq 1 20); do sh -c 'exit 0' && n=$((n + 1)); done; echo "22 20 forks: $n"
echo "23 pipeline status: $(false | true; echo $?) $(true | false; echo $?)"
echo "24 background job reads /dev/null: [$(echo data | (cat & wait))]"
echo "25 xargs -P: $(seq 1 4 | xargs -n 1 -P 2 sh -c 'exit 0'; echo $?)"
echo "26 command -v: $(command -v sh >/dev/null && echo found)"
echo "27 exec in subshell: $(exec echo replaced)"
echo "28 nested: $(sh -c 'sh -c "sh -c \"echo deep\""')"
echo "29 \$\$ stable: $( a=$$; b=$(echo $$); [ $a = $b ] && echo yes)"
sleep 31 & p=$!
echo "30 ps lists a background job: $(ps | grep -c '[s]leep 31') $(ps -o pid | grep -c "^ *$p\$")"
kill $p; wait $p 2>/dev/null
echo "31 done"
